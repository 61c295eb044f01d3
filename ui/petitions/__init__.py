"""The 维权信访 screen: petitions with their handling steps, deadlines and answer rate."""
