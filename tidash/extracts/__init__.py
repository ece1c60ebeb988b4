"""Builds the Parquet extracts of data/extracts/ from data/sources/ (``make data``)."""
