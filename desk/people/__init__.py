"""The shared register of people (beneficiaries, trainees, cadres ...), matched by resident ID number."""
