/// The licensing team's enforcement desk.
extension Templates {
    static let enforcementPages: [(String, String)] = [("enforcement", enforcement)]

    static let enforcement = """
        <h1>Thanh tra, kiểm tra và xử phạt</h1>
        <form class="filters" method="get" action="/thanh-tra" role="search"><p><label for="q">Tìm (kế hoạch, số quyết định, hành vi, biện pháp; không cần dấu)</label> <input id="q" name="q" value="{{query}}">
        <label><input type="checkbox" name="chua-nop" value="1"{{#unpaidOnly}} checked{{/unpaidOnly}}> Chỉ quyết định chưa nộp phạt</label>
        <label for="nam">Năm báo cáo</label> <input id="nam" name="nam" value="{{year}}" size="5" inputmode="numeric">
        <button type="submit">Lọc</button></p></form>
        <h2>Cuộc thanh tra, kiểm tra</h2>
        <table class="grid" id="inspections"><thead><tr><th scope="col">Ngày</th><th scope="col">Kế hoạch</th><th scope="col">Quyết định</th>
        <th scope="col">Đối tượng</th><th scope="col">Đoàn</th><th scope="col">Kết quả</th></tr></thead><tbody>
        {{#inspections}}<tr><td>{{on}}</td><td>{{plan}}</td><td>{{decision}}</td><td>{{subject}}</td><td>{{team}}</td><td>{{findings}}</td></tr>{{/inspections}}
        {{^inspections}}<tr><td colspan="6">Chưa có cuộc thanh tra, kiểm tra nào.</td></tr>{{/inspections}}
        </tbody></table>
        <h2>Quyết định xử phạt</h2>
        <table class="grid" id="sanctions"><thead><tr><th scope="col">Quyết định</th><th scope="col">Ngày</th><th scope="col">Đối tượng</th>
        <th scope="col">Hành vi vi phạm</th><th scope="col">Tiền phạt</th><th scope="col">Hình thức bổ sung</th><th scope="col">Nộp phạt</th></tr></thead><tbody>
        {{#sanctions}}<tr><td>{{decision}}</td><td>{{on}}</td><td>{{subject}}</td><td>{{provision}}</td><td class="n">{{fine}}</td><td>{{penalties}}</td>
        <td{{#unpaid}} class="warn"{{/unpaid}}>{{payment}} {{settledOn}}</td></tr>{{/sanctions}}
        {{^sanctions}}<tr><td colspan="7">Không có quyết định xử phạt nào khớp điều kiện.</td></tr>{{/sanctions}}
        </tbody></table>
        <h2>Nghĩa vụ báo cáo năm {{year}} chưa thực hiện</h2>
        {{#obligationsMore}}<p class="count">{{obligationsTotal}} nghĩa vụ, hiển thị {{obligationsShown}} nghĩa vụ đầu tiên</p>{{/obligationsMore}}
        <table class="grid" id="obligations"><thead><tr><th scope="col">Giấy phép</th><th scope="col">Tổ chức</th><th scope="col">Nghĩa vụ</th>
        <th scope="col">Năm</th><th scope="col">Hạn</th></tr></thead><tbody>
        {{#obligations}}<tr><td>{{licence}}</td><td>{{holder}}</td><td>{{kind}}</td><td class="n">{{year}}</td><td{{#overdue}} class="warn"{{/overdue}}>{{due}}{{#overdue}} (quá hạn){{/overdue}}</td></tr>{{/obligations}}
        {{^obligations}}<tr><td colspan="5">Không có nghĩa vụ nào chưa thực hiện.</td></tr>{{/obligations}}
        </tbody></table>
        """
}
