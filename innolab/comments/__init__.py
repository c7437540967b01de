"""Comments on proposals and reviewers' internal notes."""
