import Mustache

/// The console's pages as Mustache templates, compiled into the executable so a container needs no
/// resource files. `{{x}}` escapes HTML; the only unescaped value is a page's body inside the
/// layout, which was itself rendered with escaping.
enum Templates {
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in all { try library.register(text, named: name) }
        return library
    }

    static let all: [(String, String)] = [
        ("layout", layout), ("sign-in", signIn), ("home", home), ("licences", licences), ("licence", licence),
        ("reports", reports), ("report", report), ("message", message),
    ]

    static let layout = """
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · DIC Console</title><link rel="stylesheet" href="/static/console.css"></head>
        <body>
        <a class="skip" href="#main">Bỏ qua thanh điều hướng</a>
        <header class="top"><div class="brand"><a href="/">Sở TTTT · Hệ thống quản lý</a></div>
        {{#signedIn}}<nav aria-label="Chính"><ul>
        <li><a href="/"{{#navHome}} aria-current="page"{{/navHome}}>Trang chủ</a></li>
        {{#mayLicensing}}<li><a href="/giay-phep"{{#navLicences}} aria-current="page"{{/navLicences}}>Giấy phép</a></li>{{/mayLicensing}}
        {{#mayReports}}<li><a href="/bao-cao"{{#navReports}} aria-current="page"{{/navReports}}>Báo cáo quý</a></li>{{/mayReports}}
        </ul></nav>
        <form class="signout" method="post" action="/dang-xuat"><input type="hidden" name="csrf" value="{{csrf}}">
        <span class="who">{{principal}}</span> <button type="submit">Đăng xuất</button></form>{{/signedIn}}
        </header>
        <main id="main" tabindex="-1">
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        {{{body}}}
        </main>
        <footer><p>Dữ liệu lấy trực tiếp từ các dịch vụ của Sở; mọi thao tác được ghi nhật ký dưới tên người thực hiện.</p></footer>
        </body></html>
        """

    static let signIn = """
        <section class="narrow"><h1>Đăng nhập</h1>
        <p>Nhập mã truy cập cá nhân do quản trị viên cấp (lệnh <code>dicctl tokens create</code>).</p>
        <form method="post" action="/dang-nhap">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="next" value="{{next}}">
        <p><label for="token">Mã truy cập</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required{{#tokenError}} aria-invalid="true" aria-describedby="token-error"{{/tokenError}}>
        {{#tokenError}}<span class="field-error" id="token-error">{{tokenError}}</span>{{/tokenError}}</p>
        <p><button type="submit">Đăng nhập</button></p>
        </form></section>
        """

    static let home = """
        <h1>Xin chào, {{principal}}</h1>
        <p>Vai trò: {{#roles}}<span class="tag">{{.}}</span> {{/roles}}{{^roles}}chưa được cấp vai trò nào.{{/roles}}</p>
        {{#expiring}}<section><h2>Giấy phép sắp hết hạn (60 ngày tới)</h2>
        {{#items}}<p><a href="/giay-phep/{{id}}">{{number}}</a> · {{holder}} · hết hạn {{validUntil}}</p>{{/items}}
        {{^items}}<p>Không có giấy phép nào sắp hết hạn.</p>{{/items}}</section>{{/expiring}}
        {{#belowPlan}}<section><h2>Chỉ tiêu chưa đạt kế hoạch năm, {{period}}</h2>
        {{#hasRows}}<table class="grid" id="below-plan"><thead><tr><th scope="col">Chỉ tiêu</th>
        <th scope="col">Kế hoạch năm</th><th scope="col">Kết quả</th><th scope="col">Tiến độ</th></tr></thead><tbody>
        {{#rows}}<tr><td>{{name}}</td><td class="n">{{target}}</td><td class="n">{{result}}</td>
        <td><progress max="100" value="{{progress}}" aria-label="{{progress}}% kế hoạch">{{progress}}%</progress> {{progress}}%</td></tr>{{/rows}}
        </tbody></table>{{/hasRows}}{{^rows}}<p>Mọi chỉ tiêu đo được đều đã đạt kế hoạch.</p>{{/rows}}</section>{{/belowPlan}}
        {{#reportDesk}}<section><h2>Báo cáo quý</h2><p><a class="button" href="/bao-cao">Lập và tải báo cáo</a></p></section>{{/reportDesk}}
        {{#unavailable}}<p class="error">{{.}}</p>{{/unavailable}}
        """

    static let licences = """
        <h1>Sổ giấy phép</h1>
        <form class="filters" method="get" action="/giay-phep" role="search">
        <p><label for="q">Tìm (số, tên tổ chức, tên miền; không cần dấu)</label> <input id="q" name="q" value="{{query}}"></p>
        <p><label for="kind">Loại</label> <select id="kind" name="kind">{{#kinds}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/kinds}}</select>
        <label for="status">Tình trạng</label> <select id="status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
        <button type="submit">Lọc</button></p></form>
        <p class="count">{{total}} giấy phép{{#pageInfo}} · trang {{page}}{{/pageInfo}}</p>
        <table class="grid" id="licences"><thead><tr><th scope="col">Số giấy phép</th><th scope="col">Loại</th>
        <th scope="col">Tổ chức</th><th scope="col">Ngày cấp</th><th scope="col">Hiệu lực đến</th><th scope="col">Tình trạng</th></tr></thead><tbody>
        {{#rows}}<tr><td><a href="/giay-phep/{{id}}">{{number}}</a></td><td>{{kind}}</td><td>{{holder}}</td><td>{{issuedOn}}</td><td>{{validUntil}}</td><td>{{status}}</td></tr>{{/rows}}
        {{^rows}}<tr><td colspan="6">Không có giấy phép nào khớp điều kiện tìm.</td></tr>{{/rows}}
        </tbody></table>
        <nav class="pager" aria-label="Trang">{{#previous}}<a href="{{previous}}" rel="prev">← Trang trước</a>{{/previous}} {{#next}}<a href="{{next}}" rel="next">Trang sau →</a>{{/next}}</nav>
        """

    static let licence = """
        <p><a href="/giay-phep">← Sổ giấy phép</a></p>
        <h1>Giấy phép {{number}}</h1>
        <dl class="facts"><dt>Loại</dt><dd>{{kind}}</dd><dt>Tổ chức</dt><dd>{{holder}}</dd><dt>Tình trạng</dt><dd>{{status}}</dd>
        <dt>Ngày cấp</dt><dd>{{issuedOn}}</dd><dt>Hiệu lực đến</dt><dd>{{validUntil}}</dd></dl>
        <h2>Lịch sử</h2><table class="grid" id="history"><thead><tr><th scope="col">Ngày hiệu lực</th><th scope="col">Thao tác</th>
        <th scope="col">Quyết định</th><th scope="col">Người ghi</th></tr></thead><tbody>
        {{#history}}<tr><td>{{effectiveOn}}</td><td>{{action}}</td><td>{{decision}}</td><td>{{by}}</td></tr>{{/history}}
        </tbody></table>
        """

    static let reports = """
        <h1>Báo cáo quý</h1>
        {{#mayGenerate}}<section><h2>Lập báo cáo</h2>
        <form method="post" action="/bao-cao/lap" id="generate"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="year">Năm</label> <input id="year" name="year" type="number" min="2000" max="2100" value="{{year}}" required{{#yearError}} aria-invalid="true"{{/yearError}}>
        {{#yearError}}<span class="field-error">{{yearError}}</span>{{/yearError}}
        <label for="quarter">Quý</label> <select id="quarter" name="quarter">{{#quarters}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/quarters}}</select>
        <label><input type="checkbox" name="analysis" value="1"> Kèm phụ lục phân tích</label>
        <button type="submit">Lập báo cáo</button></p></form>
        <div id="progress" hidden><progress max="1" value="0"></progress> <span class="step" aria-live="polite"></span></div>
        </section>{{/mayGenerate}}
        <section><h2>Các báo cáo đã lập</h2>
        <table class="grid" id="reports"><thead><tr><th scope="col">Mã</th><th scope="col">Kỳ</th><th scope="col">Lập lúc</th>
        <th scope="col">Người lập</th><th scope="col">Tình trạng</th><th scope="col">Tải về</th></tr></thead><tbody>
        {{#rows}}<tr><td><a href="/bao-cao/{{id}}">{{id}}</a></td><td>{{period}}</td><td>{{generatedAt}}</td><td>{{generatedBy}}</td>
        <td>{{state}}</td><td>{{#formats}}<a href="/bao-cao/{{id}}/tai/{{value}}" download>{{label}}</a> {{/formats}}</td></tr>{{/rows}}
        {{^rows}}<tr><td colspan="6">Chưa có báo cáo nào.</td></tr>{{/rows}}
        </tbody></table></section>
        <script src="/static/progress.js" defer></script>
        """

    static let report = """
        <p><a href="/bao-cao">← Báo cáo quý</a></p>
        <h1>Báo cáo {{id}}</h1>
        <p>{{title}} · lập lúc {{generatedAt}} bởi {{generatedBy}} · số liệu từ {{sources}} · {{state}}</p>
        <p>{{#formats}}<a class="button" href="/bao-cao/{{id}}/tai/{{value}}" download>Tải {{label}}</a> {{/formats}}</p>
        {{#unavailable}}<p class="error">{{.}}</p>{{/unavailable}}
        <iframe class="preview" title="Xem trước báo cáo" src="/bao-cao/{{id}}/xem" sandbox></iframe>
        """

    static let message = """
        <h1>{{heading}}</h1><p>{{text}}</p><p><a href="{{back}}">Quay lại</a></p>
        """
}
