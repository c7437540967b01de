"""Readiness self-assessment for the national innovation index (Indeks Inovasi Daerah, Kemendagri).

Each year a region reports its innovations with evidence per indicator; this package lets teams and coordinators
score an innovation on that year's indicator table beforehand, see which claims still lack evidence, and follow
the region's average and predicate.
"""
