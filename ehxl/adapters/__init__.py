"""The only modules that touch a workbook: openpyxl for files, xlwings for Excel."""
