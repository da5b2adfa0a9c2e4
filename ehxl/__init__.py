"""ehxl: refresh and issue a council's monthly Early Help report in Excel."""

__version__ = "0.1.0"
