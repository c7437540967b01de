"""Demo data: a realistic kota for trying InnoLab."""
