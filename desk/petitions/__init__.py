"""Rights protection and petitions (维权信访): petitions, handling steps, deadlines and figures."""
