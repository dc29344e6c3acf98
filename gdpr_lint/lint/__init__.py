"""The lint pipeline: configuration and discovery, the project, loading, the schema pass,
the engine that runs the rules, suppressions, policies and baselines."""
