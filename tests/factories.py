"""One-line builders for test data (CTFd's habit)."""

from core.units import Unit, add_counter, add_unit, get_unit_by_code

COUNTERS = ("van-hoa-xa-hoi", "dia-chinh", "tu-phap", "van-phong", "cong-an", "quan-su")


def make_units() -> Unit:
    """The seed's tree: Hải Dương > Tứ Kỳ > Ngọc Kỳ (six counters) and Tân Kỳ; returns Ngọc Kỳ."""
    if get_unit_by_code("ngoc-ky"):
        return get_unit_by_code("ngoc-ky")
    province = add_unit("hai-duong", "Tỉnh Hải Dương", "tinh")
    district = add_unit("tu-ky", "Huyện Tứ Kỳ", "huyen", province)
    commune = add_unit("ngoc-ky", "Xã Ngọc Kỳ", "xa", district)
    other = add_unit("tan-ky", "Xã Tân Kỳ", "xa", district)
    for position, code in enumerate(COUNTERS):
        add_counter(commune, code, code.replace("-", " ").title(), position)
    add_counter(other, "mot-cua", "Một cửa", 0)
    return commune
