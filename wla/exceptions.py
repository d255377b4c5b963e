"""Typed errors of wla: each names the problem and what to do about it."""


class WlaError(Exception):
    """Base class of every error raised on purpose by wla."""


class SourceFormatError(WlaError):
    """A raw official file does not have the layout its reader expects."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(
            f"{self.path}: {problem}. Check that this is the unchanged official file "
            "(see ../shared/data/*/SOURCES.md) and download it again if it was truncated or edited."
        )


class UnknownRegionError(WlaError, KeyError):
    """A region code or name that is not in the gazetteer."""

    def __init__(self, given, suggestions=(), detail: str = ""):
        self.given = given
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        why = f": {detail}." if detail else "."
        super().__init__(
            f"unknown region {given!r}{why}{hint} Use a built-in name (kielregion, coburg, "
            "coburg_stadt_land, deutschland), a Land, Kreis or Gemeinde name or code (AGS as a string, "
            "e.g. '01054') or several of them separated by commas."
        )

    def __str__(self):  # KeyError would otherwise repr() the message
        return self.args[0]


class AmbiguousRegionError(WlaError, ValueError):
    """A region name that fits several Länder, Kreise or Gemeinden."""

    def __init__(self, given, candidates):
        self.given = given
        self.candidates = list(candidates)
        shown = "; ".join(self.candidates[:12])
        more = f"; and {len(self.candidates) - 12} more" if len(self.candidates) > 12 else ""
        super().__init__(
            f"region {given!r} is ambiguous: it fits {len(self.candidates)} regions: {shown}{more}. "
            "Give the code, the kind (e.g. 'Landkreis …', '…, Stadt') or the Kreis after a comma."
        )


class UnknownIndicatorError(WlaError, KeyError):
    """An indicator id that is not in the catalogue."""

    def __init__(self, given, suggestions=()):
        self.given = given
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown indicator {given!r}.{hint} wla.indicators() lists all of them.")

    def __str__(self):
        return self.args[0]


class NoDataError(WlaError):
    """The request is valid but the snapshot holds no value for it."""


class NotCoveredError(NoDataError):
    """The publisher's table has no row at all for the region asked (it does not cover it, or it
    counts it inside another Kreis)."""


class SnapshotError(WlaError):
    """The data/ snapshot is missing, incomplete or was changed by hand."""


class ParameterError(WlaError, ValueError):
    """A wrong parameter passed to a wla function, notebook or command."""


class FetchError(WlaError):
    """Downloading from the GENESIS web service failed; the cache and the snapshot are unchanged."""


class CredentialsError(FetchError):
    """Web-service credentials are missing or were refused by the service."""


class NetworkError(FetchError):
    """The web service could not be reached (no network, DNS failure, time-out)."""


class TableNotFoundError(FetchError):
    """The web service does not know the requested table."""


class ServiceError(FetchError):
    """The web service answered with an error (server error, rate limit, failed or unfinished job)."""


class CatalogError(WlaError):
    """The indicator catalogue file (wla/catalog.toml) is malformed or names unknown values."""
