"""Importer for the programme's project lists and for newer Fonds vert exports."""
