"""A province-sized data set for measuring the product at scale (``generate_scale_data``).

The demo city (``fixtures/``) tells a story with a handful of records; this package makes
the volume a provincial platform carries — hundreds of units, tens of thousands of targets,
hundreds of thousands of rectification items, hundreds of stations with years of daily
readings — deterministically from a seed, so two runs of the benchmark read the same data.
"""
