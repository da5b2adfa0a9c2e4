"""ehxl: refresh and issue a council's monthly Early Help performance report in Excel."""

__version__ = "0.1.0"
