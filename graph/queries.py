"""The SPARQL the store runs for its own reports, as named constants (prefixes are predeclared)."""

ENTITIES_BY_TYPE = """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  VALUES ?type { skg:Country skg:SpaceAgency skg:GovernmentBody skg:IntergovernmentalOrganisation
                 skg:ResearchInstitution skg:Company skg:Person skg:Mission skg:Programme
                 skg:Spacecraft skg:SpaceStation skg:LaunchVehicle skg:Instrument skg:Agreement
                 skg:Policy skg:Law skg:Tariff skg:Sanction skg:Ban }
  ?e a ?type .
} GROUP BY ?type ORDER BY DESC(?n)
"""

EVENTS_BY_TYPE = """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a skg:Event ; skg:eventType ?type .
} GROUP BY ?type ORDER BY DESC(?n)
"""

ARTICLE_COUNT = """
SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a skg:Article }
"""
