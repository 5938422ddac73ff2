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

    static let all: [(String, String)] =
        [
            ("layout", layout), ("sign-in", signIn), ("home", home), ("licences", licences), ("licence", licence),
            ("reports", reports), ("report", report), ("message", message), ("licence-form", licenceForm),
            ("dossiers", dossiers), ("dossier-form", dossierForm), ("dossier", dossier), ("import", importForm),
            ("plan", plan), ("figure-form", figureForm), ("narratives", narratives),
        ] + telecom + transformation + enforcementPages + licenceAmendPages

    static let layout = """
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · DIC Console</title><link rel="stylesheet" href="/static/console.css"></head>
        <body>
        <a class="skip" href="#main">Bỏ qua thanh điều hướng</a>
        <header class="top"><div class="brand"><a href="/">Sở TTTT · Hệ thống quản lý</a></div>
        {{#signedIn}}<nav aria-label="Chính"><ul>
        <li><a href="/"{{#navHome}} aria-current="page"{{/navHome}}>Trang chủ</a></li>
        {{#mayLicensing}}<li><a href="/giay-phep"{{#navLicences}} aria-current="page"{{/navLicences}}>Giấy phép</a></li>
        <li><a href="/ho-so"{{#navDossiers}} aria-current="page"{{/navDossiers}}>Hồ sơ</a></li>
        <li><a href="/thanh-tra"{{#navEnforcement}} aria-current="page"{{/navEnforcement}}>Thanh tra</a></li>{{/mayLicensing}}
        {{#mayTelecom}}<li><a href="/vien-thong"{{#navTelecom}} aria-current="page"{{/navTelecom}}>Viễn thông</a></li>{{/mayTelecom}}
        {{#mayDX}}<li><a href="/chi-tieu"{{#navPlan}} aria-current="page"{{/navPlan}}>Chỉ tiêu</a></li>{{/mayDX}}
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
        {{#overdueDossiers}}<section><h2>Hồ sơ quá hạn giải quyết</h2>
        {{#items}}<p class="warn"><a href="/ho-so/{{codePath}}">{{code}}</a> · hạn {{dueOn}} · {{status}}</p>{{/items}}
        {{^items}}<p>Không có hồ sơ nào quá hạn.</p>{{/items}}</section>{{/overdueDossiers}}
        {{#overdueTasks}}<section><h2>Nhiệm vụ chuyển đổi số quá hạn</h2>
        {{#items}}<p class="warn">{{code}} · {{title}} · hạn {{deadline}} · {{lead}}</p>{{/items}}
        {{#more}}<p><a href="/nhiem-vu?status=overdue">Và {{more}} nhiệm vụ khác.</a></p>{{/more}}
        {{^items}}<p>Không có nhiệm vụ nào quá hạn.</p>{{/items}}</section>{{/overdueTasks}}
        {{#radioDown}}<section><h2>Đài truyền thanh cơ sở không hoạt động</h2>
        {{#items}}<p class="warn">{{code}} · {{commune}} · báo cáo ngày {{on}}</p>{{/items}}
        {{#more}}<p><a href="/vien-thong/truyen-thanh?state=not-operating">Và {{more}} đài khác.</a></p>{{/more}}
        {{^items}}<p>Mọi đài đều đang hoạt động.</p>{{/items}}</section>{{/radioDown}}
        {{#expiring}}<section><h2>Giấy phép sắp hết hạn (60 ngày tới)</h2>
        {{#items}}<p><a href="/giay-phep/{{id}}">{{number}}</a> · {{holder}} · hết hạn {{validUntil}}</p>{{/items}}
        {{#more}}<p>Và {{more}} giấy phép khác.</p>{{/more}}
        {{^items}}<p>Không có giấy phép nào sắp hết hạn.</p>{{/items}}</section>{{/expiring}}
        {{#belowPlan}}<section><h2>Chỉ tiêu chưa đạt kế hoạch năm, {{period}}</h2>
        {{#hasRows}}<table class="grid" id="below-plan"><thead><tr><th scope="col">Chỉ tiêu</th>
        <th scope="col">Kế hoạch năm</th><th scope="col">Kết quả</th><th scope="col">Tiến độ</th></tr></thead><tbody>
        {{#rows}}<tr><td>{{name}}</td><td class="n">{{target}}</td><td class="n">{{result}}</td>
        <td><progress max="100" value="{{progress}}" aria-label="{{share}} kế hoạch">{{share}}</progress> {{share}}</td></tr>{{/rows}}
        </tbody></table>{{/hasRows}}{{#allMet}}<p>Mọi chỉ tiêu đo được đều đã đạt kế hoạch.</p>{{/allMet}}
        {{#noFigures}}<p>Chưa có số liệu chỉ tiêu của kỳ này.</p>{{/noFigures}}</section>{{/belowPlan}}
        {{#reportDesk}}<section><h2>Báo cáo quý</h2><p><a class="button" href="/bao-cao">Lập và tải báo cáo</a></p></section>{{/reportDesk}}
        {{#unavailable}}<p class="error">{{.}}</p>{{/unavailable}}
        """

    static let licences = """
        <h1>Sổ giấy phép</h1>
        <p>{{#mayEdit}}<a class="button" href="/giay-phep/cap-moi">Cấp giấy phép</a> <a class="button" href="/giay-phep/nhap">Nhập từ tệp CSV</a> {{/mayEdit}}<a class="button secondary" href="{{download}}">Tải sổ về tệp CSV{{#kindLabel}} ({{.}}){{/kindLabel}}</a></p>
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
        <h2>Lịch sử</h2>{{#olderVersions}}<p class="count" id="history-more">Hiển thị các phiên bản mới nhất; {{olderVersions}} phiên bản cũ hơn trong tổng số {{historyCount}} không hiển thị ở đây.</p>{{/olderVersions}}<table class="grid" id="history"><thead><tr><th scope="col">Ngày hiệu lực</th><th scope="col">Thao tác</th>
        <th scope="col">Quyết định</th><th scope="col">Lý do</th></tr></thead><tbody>
        {{#history}}<tr><td>{{effectiveOn}}</td><td>{{action}}</td><td>{{decision}}</td><td>{{reason}}</td></tr>{{/history}}
        </tbody></table>
        {{#mayAct}}<p><a class="button" href="/giay-phep/{{id}}/sua-doi">Sửa đổi, bổ sung nội dung</a></p>
        <h2>Thao tác với giấy phép</h2>
        <form method="post" action="/giay-phep/{{id}}/thao-tac" id="act" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="form" value="{{form}}">
        <p><label for="action">Thao tác</label> <select id="action" name="action"{{#actionError}} aria-invalid="true" aria-describedby="action-error"{{/actionError}}>{{#actions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/actions}}</select>
        {{#actionError}}<span class="field-error" id="action-error">{{actionError}}</span>{{/actionError}}</p>
        <p><label for="effectiveOn">Ngày hiệu lực</label> <input id="effectiveOn" name="effectiveOn" type="date" value="{{effectiveOn}}"{{#effectiveOnError}} aria-invalid="true" aria-describedby="effectiveOn-error"{{/effectiveOnError}}>
        {{#effectiveOnError}}<span class="field-error" id="effectiveOn-error">{{effectiveOnError}}</span>{{/effectiveOnError}}
        <label for="decision">Số quyết định</label> <input id="decision" name="decision" value="{{decision}}"{{#decisionError}} aria-invalid="true" aria-describedby="decision-error"{{/decisionError}}>
        {{#decisionError}}<span class="field-error" id="decision-error">{{decisionError}}</span>{{/decisionError}}</p>
        <p><label for="newValidUntil">Hiệu lực mới đến (gia hạn)</label> <input id="newValidUntil" name="newValidUntil" type="date" value="{{newValidUntil}}"{{#newValidUntilError}} aria-invalid="true" aria-describedby="newValidUntil-error"{{/newValidUntilError}}>
        {{#newValidUntilError}}<span class="field-error" id="newValidUntil-error">{{newValidUntilError}}</span>{{/newValidUntilError}}</p>
        <p><label for="reason">Lý do</label> <input id="reason" name="reason" value="{{reason}}" size="60"{{#reasonError}} aria-invalid="true" aria-describedby="reason-error"{{/reasonError}}>
        {{#reasonError}}<span class="field-error" id="reason-error">{{reasonError}}</span>{{/reasonError}}</p>
        <p><button type="submit">Áp dụng</button></p></form>{{/mayAct}}
        """

    static let reports = """
        <h1>Báo cáo quý</h1>
        {{#mayGenerate}}<section><h2>Lập báo cáo</h2>
        <form method="post" action="/bao-cao/lap" id="generate"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="form" value="{{form}}">
        <p><label for="year">Năm</label> <input id="year" name="year" type="number" min="2000" max="2100" value="{{year}}" required{{#yearError}} aria-invalid="true"{{/yearError}}>
        {{#yearError}}<span class="field-error">{{yearError}}</span>{{/yearError}}
        <label for="quarter">Quý</label> <select id="quarter" name="quarter">{{#quarters}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/quarters}}</select>
        <label><input type="checkbox" name="analysis" value="1"> Kèm phụ lục phân tích</label>
        <button type="submit">Lập báo cáo</button></p></form>
        <p><a href="/bao-cao/doan-van?year={{year}}&amp;quarter={{quarterValue}}">Viết nội dung các mục của báo cáo quý này</a></p>
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
        <p>{{#formats}}<a class="button" href="/bao-cao/{{id}}/tai/{{value}}">Tải {{label}}</a> {{/formats}}</p>
        {{#unavailable}}<p class="error">{{.}}</p>{{/unavailable}}
        {{#mayFinalise}}<form method="post" action="/bao-cao/{{id}}/ban-hanh" id="finalise"><input type="hidden" name="csrf" value="{{csrf}}">
        <p>Khi lãnh đạo Sở đã ký: bản chính thức in không còn chữ “DỰ THẢO”, và quý này không nhận thêm báo cáo, nội dung mục hay số liệu huyện.
        <button type="submit">Ban hành bản chính thức</button></p></form>{{/mayFinalise}}
        <iframe class="preview" title="Xem trước báo cáo" src="/bao-cao/{{id}}/xem" sandbox></iframe>
        """

    static let licenceForm = """
        <p><a href="/giay-phep">← Sổ giấy phép</a></p>
        <h1>Cấp giấy phép</h1>
        <form method="post" action="/giay-phep/cap-moi" id="issue" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="form" value="{{form}}">
        <fieldset><legend>Giấy phép</legend>
        <p><label for="kind">Loại</label> <select id="kind" name="kind"{{#kindError}} aria-invalid="true" aria-describedby="kind-error"{{/kindError}}>{{#kinds}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/kinds}}</select>
        {{#kindError}}<span class="field-error" id="kind-error">{{kindError}}</span>{{/kindError}}</p>
        <p><label for="number">Số giấy phép</label> <input id="number" name="number" value="{{number}}" required{{#numberError}} aria-invalid="true" aria-describedby="number-error"{{/numberError}}>
        {{#numberError}}<span class="field-error" id="number-error">{{numberError}}</span>{{/numberError}}</p>
        <p><label for="holder">Tổ chức được cấp</label> <select id="holder" name="holder"{{#holderError}} aria-invalid="true" aria-describedby="holder-error"{{/holderError}}>{{#holders}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/holders}}</select>
        {{#holderError}}<span class="field-error" id="holder-error">{{holderError}}</span>{{/holderError}}</p>
        <p><label for="issuedOn">Ngày cấp</label> <input id="issuedOn" name="issuedOn" type="date" value="{{issuedOn}}" required{{#issuedOnError}} aria-invalid="true" aria-describedby="issuedOn-error"{{/issuedOnError}}>
        {{#issuedOnError}}<span class="field-error" id="issuedOn-error">{{issuedOnError}}</span>{{/issuedOnError}}
        <label for="validUntil">Hiệu lực đến</label> <input id="validUntil" name="validUntil" type="date" value="{{validUntil}}"{{#validUntilError}} aria-invalid="true" aria-describedby="validUntil-error"{{/validUntilError}}>
        {{#validUntilError}}<span class="field-error" id="validUntil-error">{{validUntilError}}</span>{{/validUntilError}}</p>
        <p><label for="decision">Số quyết định</label> <input id="decision" name="decision" value="{{decision}}"{{#decisionError}} aria-invalid="true" aria-describedby="decision-error"{{/decisionError}}>
        {{#decisionError}}<span class="field-error" id="decision-error">{{decisionError}}</span>{{/decisionError}}</p>
        </fieldset>
        <fieldset><legend>Trang thông tin điện tử tổng hợp</legend>
        <p><label for="domains">Tên miền (cách nhau bởi dấu phẩy)</label> <input id="domains" name="domains" value="{{domains}}"{{#domainsError}} aria-invalid="true" aria-describedby="domains-error"{{/domainsError}}>
        {{#domainsError}}<span class="field-error" id="domains-error">{{domainsError}}</span>{{/domainsError}}</p>
        <p><label for="serverLocation">Nơi đặt máy chủ</label> <input id="serverLocation" name="serverLocation" value="{{serverLocation}}"{{#serverLocationError}} aria-invalid="true" aria-describedby="serverLocation-error"{{/serverLocationError}}>
        {{#serverLocationError}}<span class="field-error" id="serverLocation-error">{{serverLocationError}}</span>{{/serverLocationError}}
        <label><input type="checkbox" name="inVietnam" value="1"{{#inVietnam}} checked{{/inVietnam}}> Máy chủ đặt tại Việt Nam</label></p>
        </fieldset>
        <fieldset><legend>Các loại khác</legend>
        <p><label for="responsible">Người chịu trách nhiệm</label> <input id="responsible" name="responsible" value="{{responsible}}"{{#responsibleError}} aria-invalid="true" aria-describedby="responsible-error"{{/responsibleError}}>
        {{#responsibleError}}<span class="field-error" id="responsible-error">{{responsibleError}}</span>{{/responsibleError}}</p>
        <p><label for="title">Tên tài liệu (xuất bản)</label> <input id="title" name="title" value="{{title}}"{{#titleError}} aria-invalid="true" aria-describedby="title-error"{{/titleError}}>
        {{#titleError}}<span class="field-error" id="title-error">{{titleError}}</span>{{/titleError}}</p>
        <p><label for="name">Tên bản tin / cơ sở in</label> <input id="name" name="name" value="{{name}}"{{#nameError}} aria-invalid="true" aria-describedby="name-error"{{/nameError}}>
        {{#nameError}}<span class="field-error" id="name-error">{{nameError}}</span>{{/nameError}}</p>
        </fieldset>
        <p><button type="submit">Cấp giấy phép</button></p>
        </form>
        """

    static let dossiers = """
        <h1>Hồ sơ thủ tục hành chính</h1>
        <p>{{#mayReceive}}<a class="button" href="/ho-so/tiep-nhan">Tiếp nhận hồ sơ</a> {{/mayReceive}}
        {{#overdue}}<a href="/ho-so">Tất cả hồ sơ</a>{{/overdue}}{{^overdue}}<a href="/ho-so?qua-han=1">Chỉ hồ sơ quá hạn</a>{{/overdue}}</p>
        <table class="grid" id="dossiers"><thead><tr><th scope="col">Mã hồ sơ</th><th scope="col">Thủ tục</th><th scope="col">Ngày nhận</th>
        <th scope="col">Hạn giải quyết</th><th scope="col">Trạng thái</th><th scope="col">Tiến độ</th></tr></thead><tbody>
        {{#rows}}<tr><td><a href="/ho-so/{{code}}">{{code}}</a></td><td>{{procedure}}</td><td>{{receivedOn}}</td><td>{{dueOn}}</td><td>{{status}}</td>
        <td>{{#overdue}}<strong class="error">{{timeliness}}</strong>{{/overdue}}{{^overdue}}{{timeliness}}{{/overdue}}</td></tr>{{/rows}}
        {{^rows}}<tr><td colspan="6">Không có hồ sơ nào.</td></tr>{{/rows}}
        </tbody></table>
        """

    static let dossierForm = """
        <p><a href="/ho-so">← Hồ sơ</a></p>
        <h1>Tiếp nhận hồ sơ</h1>
        <form method="post" action="/ho-so/tiep-nhan" id="receive" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="form" value="{{form}}">
        <p><label for="procedure">Thủ tục</label> <select id="procedure" name="procedure"{{#procedureError}} aria-invalid="true" aria-describedby="procedure-error"{{/procedureError}}>{{#procedures}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/procedures}}</select>
        {{#procedureError}}<span class="field-error" id="procedure-error">{{procedureError}}</span>{{/procedureError}}</p>
        <p><label for="applicant">Tổ chức nộp hồ sơ</label> <select id="applicant" name="applicant"{{#applicantError}} aria-invalid="true" aria-describedby="applicant-error"{{/applicantError}}>{{#applicants}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/applicants}}</select>
        {{#applicantError}}<span class="field-error" id="applicant-error">{{applicantError}}</span>{{/applicantError}}</p>
        <p><label for="code">Mã hồ sơ (theo Hệ thống một cửa)</label> <input id="code" name="code" value="{{code}}" required{{#codeError}} aria-invalid="true" aria-describedby="code-error"{{/codeError}}>
        {{#codeError}}<span class="field-error" id="code-error">{{codeError}}</span>{{/codeError}}</p>
        <p><label for="receivedOn">Ngày tiếp nhận</label> <input id="receivedOn" name="receivedOn" type="date" value="{{receivedOn}}"{{#receivedOnError}} aria-invalid="true" aria-describedby="receivedOn-error"{{/receivedOnError}}>
        {{#receivedOnError}}<span class="field-error" id="receivedOn-error">{{receivedOnError}}</span>{{/receivedOnError}}
        <label for="channel">Hình thức</label> <select id="channel" name="channel">{{#channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/channels}}</select></p>
        <p><button type="submit">Tiếp nhận</button></p>
        </form>
        """

    static let dossier = """
        <p><a href="/ho-so">← Hồ sơ</a></p>
        <h1>Hồ sơ {{code}}</h1>
        <dl class="facts"><dt>Thủ tục</dt><dd>{{procedure}}</dd><dt>Ngày tiếp nhận</dt><dd>{{receivedOn}}</dd>
        <dt>Hạn giải quyết</dt><dd id="due">{{^paused}}{{dueOn}}{{/paused}}{{#paused}}Tạm dừng tính thời hạn (chờ bổ sung hồ sơ){{/paused}}</dd><dt>Trạng thái</dt><dd>{{status}}</dd><dt>Tiến độ</dt><dd>{{timeliness}}</dd></dl>
        <h2>Các bước xử lý</h2><table class="grid" id="steps"><thead><tr><th scope="col">Ngày</th><th scope="col">Trạng thái</th><th scope="col">Ghi chú</th></tr></thead><tbody>
        {{#steps}}<tr><td>{{on}}</td><td>{{status}}</td><td>{{note}}</td></tr>{{/steps}}</tbody></table>
        {{#mayMove}}<h2>Chuyển bước</h2>
        <p>Yêu cầu bổ sung tạm dừng thời hạn giải quyết; khi nhận đủ hồ sơ, chọn “Đang giải quyết” để tính tiếp (ngày nghỉ, ngày lễ không tính).</p>
        <form method="post" action="/ho-so/{{codePath}}/chuyen" id="move" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="form" value="{{form}}">
        <p><label for="status">Bước mới</label> <select id="status" name="status"{{#statusError}} aria-invalid="true" aria-describedby="status-error"{{/statusError}}>{{#moves}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/moves}}</select>
        {{#statusError}}<span class="field-error" id="status-error">{{statusError}}</span>{{/statusError}}
        <label for="on">Ngày</label> <input id="on" name="on" type="date" value="{{on}}"{{#onError}} aria-invalid="true" aria-describedby="on-error"{{/onError}}>
        {{#onError}}<span class="field-error" id="on-error">{{onError}}</span>{{/onError}}</p>
        <p><label for="note">Ghi chú</label> <input id="note" name="note" value="{{note}}" size="60"{{#noteError}} aria-invalid="true" aria-describedby="note-error"{{/noteError}}>
        {{#noteError}}<span class="field-error" id="note-error">{{noteError}}</span>{{/noteError}}</p>
        <p><label for="resultLicence">Số giấy phép đã cấp (khi giải quyết xong)</label> <input id="resultLicence" name="resultLicence" value="{{resultLicence}}"{{#resultLicenceError}} aria-invalid="true" aria-describedby="resultLicence-error"{{/resultLicenceError}}>
        {{#resultLicenceError}}<span class="field-error" id="resultLicence-error">{{resultLicenceError}}</span>{{/resultLicenceError}}</p>
        <p><button type="submit">Chuyển bước</button></p></form>{{/mayMove}}
        """

    static let importForm = """
        <p><a href="/giay-phep">← Sổ giấy phép</a></p>
        <h1>Nhập sổ giấy phép từ tệp CSV</h1>
        <p>Tệp CSV theo mẫu của <code>dicctl licensing import</code>. Dòng sai được nêu rõ số dòng, trường và lý do; các dòng đúng vẫn được nhập, nhập lại không tạo bản ghi trùng.</p>
        <form method="post" action="/giay-phep/nhap" enctype="multipart/form-data" id="import">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="file">Tệp CSV</label> <input id="file" name="file" type="file" accept=".csv,text/csv" required></p>
        <p><label><input type="checkbox" name="dryRun" value="1"> Chỉ kiểm tra, chưa lưu</label></p>
        <p><button type="submit">Nhập</button></p>
        </form>
        {{#result}}<section><h2>Kết quả</h2>
        <p id="import-summary">{{rows}} dòng: {{imported}} giấy phép được nhập, {{already}} đã có, {{refused}} dòng bị từ chối{{#dryRun}} (chỉ kiểm tra, chưa lưu){{/dryRun}}.</p>
        {{#hasProblems}}<table class="grid" id="problems"><thead><tr><th scope="col">Dòng</th><th scope="col">Trường</th><th scope="col">Lý do</th></tr></thead><tbody>
        {{#problems}}<tr><td class="n">{{line}}</td><td>{{field}}</td><td>{{reason}}</td></tr>{{/problems}}</tbody></table>{{/hasProblems}}
        </section>{{/result}}
        """

    static let plan =
        transformationTabs + """
            <h1>Kế hoạch và kết quả chỉ tiêu</h1>
            <form class="filters" method="get" action="/chi-tieu"><p><label for="period">Kỳ</label> <input id="period" name="period" value="{{period}}" size="8">
            <button type="submit">Xem</button>{{#mayRecord}} <a class="button" href="/chi-tieu/nhap?period={{period}}">Nhập số liệu</a>{{/mayRecord}}
            <a class="button secondary" href="/chi-tieu/tai-ve?period={{period}}">Tải số liệu của kỳ về tệp CSV</a></p></form>
            <table class="grid" id="plan"><thead><tr><th scope="col">Chỉ tiêu</th><th scope="col">Đơn vị tính</th><th scope="col">Kế hoạch năm</th>
            <th scope="col">Kết quả</th><th scope="col">Tiến độ</th></tr></thead><tbody>
            {{#rows}}<tr><td>{{name}}</td><td>{{unit}}</td><td class="n">{{target}}</td><td class="n">{{result}}</td>
            <td>{{#hasProgress}}<progress max="100" value="{{progress}}" aria-label="{{share}} kế hoạch">{{share}}</progress> {{share}}{{/hasProgress}}{{note}}</td></tr>{{/rows}}
            </tbody></table>
            """

    static let figureForm = """
        <p><a href="/chi-tieu?period={{period}}">← Kế hoạch và kết quả</a></p>
        <h1>Nhập số liệu chỉ tiêu</h1>
        <p>Mỗi lần nhập là một lần sửa mới; các lần trước vẫn được giữ và xem được trong lịch sử.</p>
        <form method="post" action="/chi-tieu/nhap" id="record" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="indicator">Chỉ tiêu</label> <select id="indicator" name="indicator"{{#indicatorError}} aria-invalid="true" aria-describedby="indicator-error"{{/indicatorError}}>{{#indicators}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/indicators}}</select>
        {{#indicatorError}}<span class="field-error" id="indicator-error">{{indicatorError}}</span>{{/indicatorError}}</p>
        <p><label for="unit">Đơn vị (tên hoặc mã)</label> <input id="unit" name="unit" value="{{unit}}" list="unit-options"{{#unitError}} aria-invalid="true" aria-describedby="unit-error"{{/unitError}}>
        <datalist id="unit-options">{{#unitOptions}}<option value="{{name}}">{{code}}</option>{{/unitOptions}}</datalist>
        {{#unitError}}<span class="field-error" id="unit-error">{{unitError}}</span>{{/unitError}}
        <label for="period">Kỳ</label> <input id="period" name="period" value="{{period}}" size="8"{{#periodError}} aria-invalid="true" aria-describedby="period-error"{{/periodError}}>
        {{#periodError}}<span class="field-error" id="period-error">{{periodError}}</span>{{/periodError}}</p>
        <p><label for="numerator">Tử số</label> <input id="numerator" name="numerator" value="{{numerator}}" inputmode="decimal"{{#numeratorError}} aria-invalid="true" aria-describedby="numerator-error"{{/numeratorError}}>
        {{#numeratorError}}<span class="field-error" id="numerator-error">{{numeratorError}}</span>{{/numeratorError}}
        <label for="denominator">Mẫu số</label> <input id="denominator" name="denominator" value="{{denominator}}" inputmode="decimal"{{#denominatorError}} aria-invalid="true" aria-describedby="denominator-error"{{/denominatorError}}>
        {{#denominatorError}}<span class="field-error" id="denominator-error">{{denominatorError}}</span>{{/denominatorError}}</p>
        <p><button type="submit">Lưu số liệu</button></p>
        </form>
        """

    static let narratives = """
        <p><a href="/bao-cao">← Báo cáo quý</a></p>
        <h1>Nội dung báo cáo quý {{quarterName}}/{{year}}</h1>
        <form class="filters" method="get" action="/bao-cao/doan-van"><p><label for="n-year">Năm</label>
        <input id="n-year" name="year" type="number" min="2000" max="2100" value="{{year}}">
        <label for="n-quarter">Quý</label> <input id="n-quarter" name="quarter" type="number" min="1" max="4" value="{{quarter}}">
        <button type="submit">Mở</button></p></form>
        <p>Những đoạn chỉ người viết được, theo từng mục của báo cáo; các đoạn cách nhau bằng một dòng trống. Báo cáo lập sau đó sẽ ghép vào đúng mục.</p>
        {{#sections}}<section id="{{field}}"><h2>{{heading}}</h2>
        {{#mayEdit}}<form method="post" action="/bao-cao/doan-van">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="form" value="{{form}}"><input type="hidden" name="year" value="{{year}}">
        <input type="hidden" name="quarter" value="{{quarter}}"><input type="hidden" name="section" value="{{key}}">
        <p><label for="{{field}}-text">Nội dung mục {{key}}</label><br>
        <textarea id="{{field}}-text" name="text" rows="4" cols="100">{{text}}</textarea></p>
        <p><button type="submit">Lưu mục {{key}}</button></p></form>{{/mayEdit}}
        {{^mayEdit}}<p>{{text}}</p>{{/mayEdit}}</section>{{/sections}}
        """

    static let message = """
        <h1>{{heading}}</h1><p>{{text}}</p><p><a href="{{back}}">Quay lại</a></p>
        """
}
