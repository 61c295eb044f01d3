"""Reports: the work summary, statistics tables, honour certificates, fonts and page layout."""
