"""XLSForm workbooks, the parts forms and checklists share (issue #16).

Names and languages (names.py), problems named by sheet and cell (problems.py),
the few expressions Phiếu reads (expressions.py), headers and the extra `phieu`
sheet (sheets.py). Forms map workbooks in forms/xlsform/, checklists in
inspections/xlsform/. Import only where a workbook is read or written: these
load openpyxl (and the readers pyxform), which the citizen's worker never needs.
"""
