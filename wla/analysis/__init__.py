"""Analysis on tidy frames from :func:`wla.load`: rates, region comparisons, findings."""
