"""The Data Item filter language: parser, reference evaluator and SQL translation."""
