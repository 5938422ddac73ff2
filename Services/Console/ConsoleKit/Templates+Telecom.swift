/// The post and telecom team's pages.
extension Templates {
    static let telecom: [(String, String)] = [
        ("sites", sites), ("site", site), ("gaps", gaps), ("radio", radio), ("radioStation", radioStation),
        ("wifi", wifi), ("sites-import", sitesImport),
    ]

    /// The section's own navigation, on each of its pages.
    static let telecomTabs = """
        <nav class="tabs" aria-label="Viễn thông"><a href="/vien-thong">Trạm thu phát sóng</a> · <a href="/vien-thong/vung-lom">Vùng lõm sóng</a>
         · <a href="/vien-thong/truyen-thanh">Đài truyền thanh cơ sở</a> · <a href="/vien-thong/wifi">Wi-Fi công cộng</a></nav>
        """

    static let sites =
        telecomTabs + """
            <h1>Trạm thu phát sóng (BTS)</h1>
            <p>{{#mayEdit}}<a class="button" href="/vien-thong/nhap">Nhập từ tệp CSV</a> {{/mayEdit}}<a class="button secondary" href="/vien-thong/tai-ve">Tải danh sách trạm về tệp CSV</a></p>
            <form class="filters" method="get" action="/vien-thong" role="search">
            <p><label for="q">Tìm (mã trạm, địa chỉ; không cần dấu)</label> <input id="q" name="q" value="{{query}}">
            <label for="operator">Doanh nghiệp</label> <select id="operator" name="operator">{{#operators}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/operators}}</select>
            <label for="status">Trạng thái</label> <select id="status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
            <button type="submit">Lọc</button></p></form>
            <p class="count">{{total}} trạm</p>
            <table class="grid" id="sites"><thead><tr><th scope="col">Mã trạm</th><th scope="col">Doanh nghiệp</th><th scope="col">Địa chỉ</th>
            <th scope="col">Công nghệ</th><th scope="col">Trạng thái</th><th scope="col">Đối chiếu quy hoạch</th><th scope="col">Vị trí quy hoạch gần nhất</th></tr></thead><tbody>
            {{#rows}}<tr><td><a href="{{link}}">{{code}}</a></td><td>{{operator}}</td><td>{{address}}</td><td>{{technologies}}</td><td>{{status}}</td>
            <td{{^conforming}} class="warn"{{/conforming}}>{{outcome}}</td><td>{{nearest}}</td></tr>{{/rows}}
            {{^rows}}<tr><td colspan="7">Không có trạm nào khớp điều kiện tìm.</td></tr>{{/rows}}
            </tbody></table>
            <nav class="pager" aria-label="Trang">{{#first}}<a href="{{first}}">← Trang đầu</a>{{/first}} {{#next}}<a href="{{next}}" rel="next">Trang sau →</a>{{/next}}</nav>
            """

    static let site =
        telecomTabs + """
            <h1>Trạm {{code}} · {{operator}}</h1>
            <dl class="facts"><dt>Địa chỉ</dt><dd>{{address}}</dd><dt>Đơn vị hành chính</dt><dd>{{unit}}</dd>
            <dt>Tọa độ</dt><dd>{{position}}</dd><dt>Trạng thái</dt><dd>{{status}}</dd><dt>Chiều cao cột</dt><dd>{{mast}}</dd>
            <dt>Dùng chung cột</dt><dd>{{tenants}}</dd></dl>
            <h2>Đối chiếu quy hoạch</h2>
            <dl class="facts" id="plan-check"><dt>Kết quả</dt><dd{{^conforming}} class="warn"{{/conforming}}>{{outcome}}</dd>
            <dt>Khớp với</dt><dd>{{matched}}</dd><dt>Vị trí quy hoạch gần nhất</dt><dd>{{nearest}}</dd>
            <dt>Người đối chiếu</dt><dd>{{checkedBy}}</dd><dt>Thời điểm</dt><dd>{{checkedAt}}</dd></dl>
            {{#mayEdit}}<form method="post" action="{{link}}/doi-chieu"><input type="hidden" name="csrf" value="{{csrf}}">
            <p><button type="submit">Đối chiếu lại với quy hoạch</button></p></form>{{/mayEdit}}
            <h2>Công nghệ</h2><table class="grid"><thead><tr><th scope="col">Công nghệ</th><th scope="col">Phát sóng từ</th><th scope="col">Tắt sóng</th></tr></thead><tbody>
            {{#technologyRows}}<tr><td>{{technology}}</td><td>{{on}}</td><td>{{off}}</td></tr>{{/technologyRows}}</tbody></table>
            """

    static let gaps =
        telecomTabs + """
            <h1>Vùng lõm sóng</h1>
            <p>Thôn, bản chưa có sóng di động của doanh nghiệp nào, xếp theo số người (hoặc số hộ) chưa được phủ sóng; kèm các trạm gần nhất.</p>
            <form class="filters" method="get" action="/vien-thong/vung-lom"><p><label for="xep">Xếp theo</label>
            <select id="xep" name="xep"><option value="dan-so"{{#byPopulation}} selected{{/byPopulation}}>Dân số</option><option value="ho"{{#byHouseholds}} selected{{/byHouseholds}}>Số hộ</option></select>
            <label for="unit">Xã/huyện (tên hoặc mã)</label> <input id="unit" name="unit" value="{{unit}}" size="16" list="unit-options"{{#unitError}} aria-invalid="true" aria-describedby="unit-error"{{/unitError}}>
            <button type="submit">Xem</button>
            {{#unitError}}<span class="field-error" id="unit-error">{{unitError}}</span>{{/unitError}}
            {{#unitChosen}}<span class="chosen" id="unit-chosen">{{unitChosen}}</span>{{/unitChosen}}</p>
            <datalist id="unit-options">{{#unitOptions}}<option value="{{name}}">{{code}}</option>{{/unitOptions}}</datalist></form>
            <p class="count">{{total}} thôn, bản chưa có sóng</p>
            <table class="grid" id="gaps"><thead><tr><th scope="col">TT</th><th scope="col">Thôn, bản</th><th scope="col">Xã</th>
            <th scope="col">Dân số</th><th scope="col">Số hộ</th><th scope="col">Trạm gần nhất</th></tr></thead><tbody>
            {{#rows}}<tr><td class="n">{{rank}}</td><td>{{name}} ({{code}})</td><td>{{commune}}</td><td class="n">{{population}}</td><td class="n">{{households}}</td><td>{{nearest}}</td></tr>{{/rows}}
            {{^rows}}<tr><td colspan="6">Không có thôn, bản nào chưa có sóng.</td></tr>{{/rows}}
            </tbody></table>
            """

    static let radio =
        telecomTabs + """
            <h1>Đài truyền thanh cơ sở</h1>
            <form class="filters" method="get" action="/vien-thong/truyen-thanh"><p><label for="state">Tình trạng</label>
            <select id="state" name="state">{{#states}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/states}}</select>
            <button type="submit">Lọc</button></p></form>
            <p class="count">{{total}} đài</p>
            <table class="grid" id="radio"><thead><tr><th scope="col">Mã đài</th><th scope="col">Xã</th><th scope="col">Loại</th>
            <th scope="col">Cụm loa</th><th scope="col">Kết nối nguồn tỉnh</th><th scope="col">Tình trạng</th><th scope="col">Báo cáo ngày</th><th scope="col">Ghi chú</th><th scope="col">Số báo cáo</th></tr></thead><tbody>
            {{#rows}}<tr><td><a href="{{link}}">{{code}}</a></td><td>{{commune}}</td><td>{{kind}}</td><td class="n">{{clusters}}</td><td>{{connected}}</td>
            <td{{#down}} class="warn"{{/down}}>{{state}}</td><td>{{reportedOn}}</td><td>{{note}}</td><td class="n">{{reports}}</td></tr>{{/rows}}
            {{^rows}}<tr><td colspan="9">Không có đài nào khớp điều kiện.</td></tr>{{/rows}}
            </tbody></table>
            <nav class="pager" aria-label="Trang">{{#first}}<a href="{{first}}">← Trang đầu</a>{{/first}} {{#next}}<a href="{{next}}" rel="next">Trang sau →</a>{{/next}}</nav>
            """

    static let radioStation =
        telecomTabs + """
            <h1>Đài truyền thanh {{code}}{{#station}} · {{commune}}{{/station}}</h1>
            <p><a href="/vien-thong/truyen-thanh">← Danh sách đài</a></p>
            {{#station}}<dl class="facts" id="station"><dt>Xã</dt><dd>{{commune}}</dd><dt>Loại</dt><dd>{{kind}}</dd>
            <dt>Cụm loa</dt><dd>{{clusters}}</dd><dt>Kết nối nguồn tỉnh</dt><dd>{{connected}}</dd>
            <dt>Tình trạng hiện nay</dt><dd{{#down}} class="warn"{{/down}}>{{state}}</dd></dl>{{/station}}
            <p class="count">{{total}} báo cáo tình trạng, mới nhất trước</p>
            <table class="grid" id="radio-reports"><thead><tr><th scope="col">Ngày</th><th scope="col">Tình trạng</th><th scope="col">Ghi chú</th></tr></thead><tbody>
            {{#rows}}<tr><td>{{on}}</td><td{{#down}} class="warn"{{/down}}>{{state}}</td><td>{{note}}</td></tr>{{/rows}}
            {{^rows}}<tr><td colspan="3">Đài chưa có báo cáo tình trạng nào.</td></tr>{{/rows}}
            </tbody></table>
            <nav class="pager" aria-label="Trang">{{#first}}<a href="{{first}}">← Trang đầu</a>{{/first}} {{#next}}<a href="{{next}}" rel="next">Trang sau →</a>{{/next}}</nav>
            """

    static let wifi =
        telecomTabs + """
            <h1>Wi-Fi công cộng</h1>
            <h2>Hợp đồng thuê dịch vụ</h2>
            <table class="grid" id="leases"><thead><tr><th scope="col">Hợp đồng</th><th scope="col">Doanh nghiệp</th><th scope="col">Từ ngày</th><th scope="col">Đến ngày</th>
            <th scope="col">Đơn giá/điểm/tháng</th><th scope="col">Thời gian hoạt động tối thiểu</th><th scope="col">Băng thông tối thiểu</th><th scope="col">Số địa bàn</th></tr></thead><tbody>
            {{#leases}}<tr><td>{{contract}}</td><td>{{provider}}</td><td>{{start}}</td><td>{{end}}</td><td class="n">{{fee}}</td><td class="n">{{uptime}}</td><td class="n">{{bandwidth}}</td><td class="n">{{places}}</td></tr>{{/leases}}
            {{^leases}}<tr><td colspan="8">Chưa có hợp đồng nào.</td></tr>{{/leases}}
            </tbody></table>
            <h2>Nghiệm thu tháng</h2>
            <form class="filters" method="get" action="/vien-thong/wifi" id="acceptance-form" novalidate>
            <p><label for="lease">Hợp đồng</label> <select id="lease" name="lease">{{#leases}}<option value="{{contract}}"{{#selected}} selected{{/selected}}>{{contract}}</option>{{/leases}}</select>
            <label for="month">Tháng</label> <input id="month" name="month" value="{{month}}" size="3" inputmode="numeric"{{#monthError}} aria-invalid="true" aria-describedby="month-error"{{/monthError}}>
            {{#monthError}}<span class="field-error" id="month-error">{{monthError}}</span>{{/monthError}}
            <label for="year">Năm</label> <input id="year" name="year" value="{{year}}" size="5" inputmode="numeric"{{#yearError}} aria-invalid="true" aria-describedby="year-error"{{/yearError}}>
            {{#yearError}}<span class="field-error" id="year-error">{{yearError}}</span>{{/yearError}}
            <button type="submit">Tính nghiệm thu</button></p></form>
            {{#acceptance}}<section><h3>Hợp đồng {{contract}}, tháng {{period}}</h3>
            <p id="acceptance-summary">Thành tiền {{fee}}; giảm trừ theo cam kết chất lượng {{deduction}}; <strong>phải thanh toán {{payable}}</strong>.</p>
            <table class="grid" id="acceptance"><thead><tr><th scope="col">Điểm truy cập</th><th scope="col">Thời gian hoạt động</th><th scope="col">Băng thông trung bình</th>
            <th scope="col">Đơn giá</th><th scope="col">Giảm trừ</th><th scope="col">Thanh toán</th><th scope="col">Ghi chú</th></tr></thead><tbody>
            {{#lines}}<tr><td>{{hotspot}}</td><td class="n">{{uptime}}</td><td class="n">{{bandwidth}}</td><td class="n">{{fee}}</td><td class="n{{#deducted}} warn{{/deducted}}">{{deduction}}</td><td class="n">{{payable}}</td><td>{{note}}</td></tr>{{/lines}}
            </tbody></table></section>{{/acceptance}}
            """

    static let sitesImport =
        telecomTabs + """
            <h1>Nhập trạm thu phát sóng từ tệp CSV</h1>
            <p>Tệp CSV theo mẫu của <code>dicctl telecom sites import</code>. Dòng sai được nêu rõ số dòng, trường và lý do; các dòng đúng vẫn được nhập, nhập lại không tạo bản ghi trùng.</p>
            <form method="post" action="/vien-thong/nhap" enctype="multipart/form-data" id="import">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <p><label for="file">Tệp CSV</label> <input id="file" name="file" type="file" accept=".csv,text/csv" required></p>
            <p><label><input type="checkbox" name="dryRun" value="1"> Chỉ kiểm tra, chưa lưu</label></p>
            <p><button type="submit">Nhập</button></p>
            </form>
            {{#result}}<section><h2>Kết quả</h2>
            <p id="import-summary">{{rows}} dòng: {{added}} trạm mới, {{updated}} cập nhật, {{unchanged}} không đổi, {{refused}} dòng bị từ chối{{#dryRun}} (chỉ kiểm tra, chưa lưu){{/dryRun}}.</p>
            {{#hasProblems}}<table class="grid" id="problems"><thead><tr><th scope="col">Dòng</th><th scope="col">Trường</th><th scope="col">Lý do</th></tr></thead><tbody>
            {{#problems}}<tr><td class="n">{{line}}</td><td>{{field}}</td><td>{{reason}}</td></tr>{{/problems}}</tbody></table>{{/hasProblems}}
            {{#more}}<p>Còn nhiều dòng sai khác; sửa các dòng trên rồi nhập lại.</p>{{/more}}
            </section>{{/result}}
            """
}
