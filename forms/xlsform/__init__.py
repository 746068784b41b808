"""XLSForm import and export (issue #16): Kobo and ODK workbooks as Phiếu forms, and back.

`read_xlsform(path)` gives the dict a definition file parses into, or raises
XLSFormError naming every problem (`survey!C7 (relevant): ...`);
`write_xlsform(form, path)` writes a form as a workbook pyxform converts.
docs/FORMS.md, section XLSForm, lists the supported subset.
"""

from core.xlsform.problems import Problem, XLSFormError
from forms.xlsform.reader import read_xlsform
from forms.xlsform.writer import write_xlsform

__all__ = ["Problem", "XLSFormError", "read_xlsform", "write_xlsform"]
