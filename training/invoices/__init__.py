"""Invoice dispute-risk: synthetic data, training spec, evaluation against a baseline."""
