"""The training screen: courses with their trainees, the trainee list and skilled women."""
