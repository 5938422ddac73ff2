"""`make demo` end to end: the services and the aggregator started from the built binaries, the
demo data loaded through their APIs by dicctl, the Q1/2023 report written in every format with
the seed report's figures; a second run gives the same report. The HTML is then opened in headless
Chromium: no console errors, and the KPI table visible in the screenshot."""
import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT, swift_bin_path

# Plan against result in the department's Q1/2023 report, as the demo data must reproduce it, at the
# plan's precision (whole numbers): the radio rates are over all 108 communes, 86 and 102 of them.
# The targets are the year's: a Q1 result gets no verdict.
SEED = {
    1: ("103", ""), 2: ("80", ""), 3: ("94", ""), 4: ("97", ""), 5: ("0", ""), 6: ("11", ""), 7: ("100", ""),
    8: ("67", ""), 9: ("49", ""), 10: ("40", ""), 11: ("Chưa có số liệu", "Chưa có số liệu"),
}
# The one thing two runs may differ in: when the services were asked (the footer, and the JSON's
# snapshotAt, which has no "lúc" before it).
PROVENANCE = re.compile(r"\d\d:\d\d ngày \d\d/\d\d/\d{4}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    runs = []
    for index in (1, 2):
        out = tmp_path_factory.mktemp(f"demo{index}")
        result = subprocess.run([str(ROOT / "Deploy/demo/run-demo.sh"), str(swift_bin_path()), str(out)],
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        runs.append((out, result.stdout))
    return runs


def test_the_demo_report_has_the_seed_figures_in_every_format(demo):
    out, printed = demo[0]
    for suffix in ("html", "md", "json", "csv"):
        assert f"bao-cao-quy-1-2023.{suffix}" in printed
        assert (out / f"bao-cao-quy-1-2023.{suffix}").stat().st_size > 0
    model = json.loads((out / "bao-cao-quy-1-2023.json").read_text())
    assert model["unavailable"] == []
    assert {row["number"]: (row["result"], row["assessment"]) for row in model["kpis"]} == SEED
    licensing = next(section for section in model["sections"] if section["key"] == "2.1")
    assert licensing["figures"][0].startswith(
        "Cấp phép 06 giấy phép xuất bản tài liệu không kinh doanh; 04 giấy phép xuất bản bản tin địa phương; "
        "01 văn bản chấp thuận thay đổi nội dung ghi trong giấy phép xuất bản bản tin địa phương; "
        "03 giấy phép sửa đổi, bổ sung giấy phép thiết lập trang thông tin điện tử tổng hợp; "
        "02 gia hạn giấy phép thiết lập trang thông tin điện tử tổng hợp; 01 đăng ký hoạt động cơ sở in; "
        "01 cấp đổi giấy phép hoạt động in xuất bản phẩm.")
    report = "Báo cáo tình hình triển khai chuyển đổi số quý {} năm 2023"
    # As the seed writes them: under way, done when its period comes, then blank.
    assert [(task["title"], task["due"], task["result"]) for task in model["tasks"]] == [
        (report.format(quarter), due, result)
        for quarter, due, result in [("I", "Tháng 4/2023", "Đang thực hiện"),
                                     ("II", "Tháng 7/2023", "Thực hiện khi đến kỳ báo cáo"),
                                     ("III", "Tháng 10/2023", ""), ("IV", "Tháng 12/2023", "")]]
    local = next(section for section in model["laterSections"] if section["key"] == "8")
    assert local["figures"] == ["Tiếp nhận 17 kiến nghị của cơ sở trong kỳ (chuyển đổi số: 06; truyền thanh cơ sở: 05; "
                                "viễn thông, internet: 04; báo chí, xuất bản: 02); đã trả lời 12, còn 05 chưa trả lời."]
    csv = (out / "bao-cao-quy-1-2023.csv").read_text(encoding="utf-8")
    assert '8,Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình,%,70,67,"95,7%",,' in csv  # no verdict before Q4


def test_a_second_run_gives_the_same_report_but_for_the_time(demo):
    (first, _), (second, _) = demo
    for suffix in ("html", "md", "json", "csv"):
        a = PROVENANCE.sub("…", (first / f"bao-cao-quy-1-2023.{suffix}").read_text())
        b = PROVENANCE.sub("…", (second / f"bao-cao-quy-1-2023.{suffix}").read_text())
        assert a == b, suffix


def chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_the_html_renders_in_chromium_without_errors_and_shows_the_kpi_table(demo, tmp_path):
    from PIL import Image

    assert chromium(), "Chromium is not installed: `make deps` installs Debian's chromium"
    html = demo[0][0] / "bao-cao-quy-1-2023.html"
    shot = tmp_path / "report.png"
    result = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr",
         "--v=0", "--window-size=900,4200", f"--screenshot={shot}", html.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], console
    keep = os.environ.get("DIC_SCREENSHOT_DIR")
    if keep:
        shutil.copy(shot, keep)
    # The tables' borders are long dark horizontal lines: at least one per KPI row and the header.
    image = Image.open(shot).convert("L")
    width, height = image.size
    pixels = image.load()
    lines = 0
    previous = False
    for y in range(height):
        dark = sum(1 for x in range(0, width, 2) if pixels[x, y] < 80)
        is_line = dark > width // 2 * 0.6
        if is_line and not previous:
            lines += 1
        previous = is_line
    assert lines >= 12 + 5, f"only {lines} table rules seen"
