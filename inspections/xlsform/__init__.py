"""Checklists as XLSForm workbooks (issue #16), in and out, beside forms' forms/xlsform/.

`read_checklist_xlsform(path)` gives the dict a checklist file parses into, or
raises core.xlsform's XLSFormError naming every problem (`survey!F7 (points): ...`);
`write_checklist_xlsform(checklist, path)` writes one as a workbook pyxform
converts. docs/CHECKLISTS.md, "Checklists in XLSForm", gives the mapping.
Import it only where a workbook is read or written: it loads pyxform and openpyxl.
"""

from inspections.xlsform.reader import read_checklist_xlsform
from inspections.xlsform.writer import write_checklist_xlsform

__all__ = ["read_checklist_xlsform", "write_checklist_xlsform"]
