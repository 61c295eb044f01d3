"""Campaigns and events (活动), household campaigns (创建活动) and the family types they honour."""
