"""ehxl: refresh and issue a council's monthly Early Help report in Excel."""

__version__ = "0.1.0"


def main() -> None:
    """Refresh the workbook that called: the add-in's Refresh button."""
    from ehxl import addin

    addin.press(addin.refresh_book)


def issue_main() -> None:
    """Issue the workbook that called: the add-in's Issue button."""
    from ehxl import addin

    addin.press(addin.issue_book)
