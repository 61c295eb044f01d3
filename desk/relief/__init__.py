"""Relief visits (慰问帮扶): visits with goods and groups reached, the beneficiary register, stipends."""
