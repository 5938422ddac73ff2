/// The digital-transformation team's pages beside the plan.
extension Templates {
    static let transformation: [(String, String)] = [
        ("figure-history", figureHistory), ("tasks", tasks), ("security-dossiers", securityDossiers),
    ]

    static let transformationTabs = """
        <nav class="tabs" aria-label="Chuyển đổi số"><a href="/chi-tieu">Kế hoạch và kết quả</a> · <a href="/chi-tieu/lich-su">Lịch sử số liệu</a>
         · <a href="/nhiem-vu">Nhiệm vụ</a> · <a href="/an-toan-thong-tin">Hồ sơ cấp độ an toàn thông tin</a></nav>
        """

    static let figureHistory =
        transformationTabs + """
            <h1>Lịch sử số liệu</h1>
            <p>Mỗi lần nhập lại là một phiên bản mới; phiên bản cũ được giữ, phiên bản đang dùng được đánh dấu.</p>
            <form class="filters" method="get" action="/chi-tieu/lich-su" novalidate>
            <p><label for="indicator">Chỉ tiêu</label> <select id="indicator" name="indicator">{{#indicators}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/indicators}}</select></p>
            <p><label for="unit">Đơn vị (tên hoặc mã)</label> <input id="unit" name="unit" value="{{unit}}" size="16" list="unit-options"{{#unitError}} aria-invalid="true" aria-describedby="unit-error"{{/unitError}}>
            {{#unitError}}<span class="field-error" id="unit-error">{{unitError}}</span>{{/unitError}}
            {{#unitChosen}}<span class="chosen" id="unit-chosen">{{unitChosen}}</span>{{/unitChosen}}
            <datalist id="unit-options">{{#unitOptions}}<option value="{{name}}">{{code}}</option>{{/unitOptions}}</datalist>
            <label for="period">Kỳ</label> <input id="period" name="period" value="{{period}}" size="8"{{#periodError}} aria-invalid="true" aria-describedby="period-error"{{/periodError}}>
            {{#periodError}}<span class="field-error" id="period-error">{{periodError}}</span>{{/periodError}}
            <button type="submit">Xem</button></p></form>
            {{#searched}}<table class="grid" id="revisions"><thead><tr><th scope="col">Phiên bản</th><th scope="col">Tử số</th><th scope="col">Mẫu số</th>
            <th scope="col">Nguồn</th><th scope="col">Người nhập</th><th scope="col">Đang dùng</th></tr></thead><tbody>
            {{#rows}}<tr><td class="n">{{revision}}</td><td class="n">{{numerator}}</td><td class="n">{{denominator}}</td><td>{{source}}</td><td>{{by}}</td><td>{{#current}}<strong>Đang dùng</strong>{{/current}}</td></tr>{{/rows}}
            {{^rows}}<tr><td colspan="6">Chưa có số liệu của đơn vị trong kỳ này.</td></tr>{{/rows}}
            </tbody></table>{{/searched}}
            """

    static let tasks =
        transformationTabs + """
            <h1>Nhiệm vụ chuyển đổi số</h1>
            <form class="filters" method="get" action="/nhiem-vu" role="search"><p><label for="q">Tìm (tên, văn bản giao, đơn vị chủ trì)</label> <input id="q" name="q" value="{{query}}">
            <label for="year">Năm kế hoạch</label> <input id="year" name="year" value="{{year}}" size="5" inputmode="numeric">
            <label for="status">Tình trạng</label> <select id="status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
            <button type="submit">Lọc</button></p></form>
            <p class="count">{{total}} nhiệm vụ</p>
            <table class="grid" id="tasks"><thead><tr><th scope="col">Mã</th><th scope="col">Nhiệm vụ</th><th scope="col">Văn bản giao</th><th scope="col">Chủ trì</th>
            <th scope="col">Thời hạn</th><th scope="col">Hoàn thành</th><th scope="col">Tình trạng</th></tr></thead><tbody>
            {{#rows}}<tr><td>{{code}}</td><td>{{title}}</td><td>{{source}}</td><td>{{lead}}</td><td>{{deadline}}</td><td>{{completed}}</td><td{{#overdue}} class="warn"{{/overdue}}>{{status}}</td></tr>{{/rows}}
            {{^rows}}<tr><td colspan="7">Không có nhiệm vụ nào khớp điều kiện.</td></tr>{{/rows}}
            </tbody></table>
            <nav class="pager" aria-label="Trang">{{#first}}<a href="{{first}}">← Trang đầu</a>{{/first}} {{#next}}<a href="{{next}}" rel="next">Trang sau →</a>{{/next}}</nav>
            """

    static let securityDossiers =
        transformationTabs + """
            <h1>Hồ sơ cấp độ an toàn hệ thống thông tin</h1>
            <p>Theo Nghị định 85/2016/NĐ-CP: cấp độ đề xuất quyết định cơ quan thẩm định và người phê duyệt.</p>
            <form class="filters" method="get" action="/an-toan-thong-tin" role="search"><p><label for="q">Tìm (mã, tên, chủ quản, đơn vị vận hành)</label> <input id="q" name="q" value="{{query}}">
            <button type="submit">Tìm</button></p></form>
            <p class="count">{{total}} hệ thống</p>
            <table class="grid" id="systems"><thead><tr><th scope="col">Mã</th><th scope="col">Hệ thống</th><th scope="col">Chủ quản</th><th scope="col">Vận hành</th>
            <th scope="col">Cấp độ</th><th scope="col">Thẩm định</th><th scope="col">Phê duyệt</th><th scope="col">Tình trạng hồ sơ</th><th scope="col">Quyết định</th></tr></thead><tbody>
            {{#rows}}<tr><td>{{code}}</td><td>{{name}}</td><td>{{owner}}</td><td>{{operator}}</td><td class="n">{{level}}</td><td>{{reviewer}}</td><td>{{approver}}</td>
            <td>{{status}}</td><td>{{decision}} {{decidedOn}}</td></tr>{{/rows}}
            {{^rows}}<tr><td colspan="9">Chưa có hệ thống thông tin nào.</td></tr>{{/rows}}
            </tbody></table>
            <nav class="pager" aria-label="Trang">{{#first}}<a href="{{first}}">← Trang đầu</a>{{/first}} {{#next}}<a href="{{next}}" rel="next">Trang sau →</a>{{/next}}</nav>
            """
}
