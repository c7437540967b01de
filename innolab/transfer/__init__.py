"""Import and export of innovations: CSV and XLSX files, on the web and on the command line."""
