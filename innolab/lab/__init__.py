"""The coordinator's lab desk: queue, screening, reviewer assignment, gate decisions, publishing."""
