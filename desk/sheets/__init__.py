"""Excel in and out: templates, bulk import of existing ledgers (台账) and list export."""
