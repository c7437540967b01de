"""Proposals: the innovator's side of the pipeline."""
