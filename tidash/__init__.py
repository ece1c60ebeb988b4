"""Tableau de bord « Territoires d'industrie » : code partagé (données, ingestion, graphiques, formats)."""
