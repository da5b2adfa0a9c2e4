Attribute VB_Name = "EhxlRibbon"
' The Early Help tab's Issue button. Import this module once into ehxl.xlam
' (VBA editor: File > Import File...), then save the add-in: the Refresh
' button works without it, through the add-in template's RibbonMyAddin.RunMain.

Sub RunIssue(control As IRibbonControl)
    RunPython "import ehxl; ehxl.issue_main()"
End Sub

Sub RunRefresh(control As IRibbonControl)
    RunPython "import ehxl; ehxl.main()"
End Sub
