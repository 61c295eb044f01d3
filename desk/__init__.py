"""Federation Desk core: models, rules, queries, reports and exchange, with no Qt import."""
