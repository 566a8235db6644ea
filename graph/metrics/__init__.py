"""Network metrics, grouped by topic as networkx groups its algorithms; python-igraph computes.

Every metric takes a networkx graph (as ``spacekg.graph.projections`` builds them) and returns a
``MetricTable`` keyed by entity IRI with labels; graph-level measures return numbers or small
reports. ``compute`` and ``analyse`` run several by name (``METRICS``).
"""

from .balance import BalanceReport, structural_balance
from .brokerage import bridges, brokerage
from .centrality import betweenness, degree, eigenvector, pagerank
from .cohesion import NetworkSummary, clustering, k_core, summarize
from .community import communities, modularity
from .mixing import assortativity
from .paths import Hop, cooperation_path, ego_network
from .report import DEFAULT_METRICS, METRICS, Metric, analyse, compute, describe
from .table import MetricTable
from .temporal import growth, yearly

__all__ = [
    "DEFAULT_METRICS",
    "METRICS",
    "BalanceReport",
    "Hop",
    "Metric",
    "MetricTable",
    "NetworkSummary",
    "analyse",
    "assortativity",
    "betweenness",
    "bridges",
    "brokerage",
    "clustering",
    "communities",
    "compute",
    "cooperation_path",
    "degree",
    "describe",
    "ego_network",
    "eigenvector",
    "growth",
    "k_core",
    "modularity",
    "pagerank",
    "structural_balance",
    "summarize",
    "yearly",
]
