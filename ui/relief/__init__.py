"""The 慰问帮扶 screen: relief visits, the beneficiary register and stipend batches in tabs."""
