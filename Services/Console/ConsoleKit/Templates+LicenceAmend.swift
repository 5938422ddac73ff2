/// The amendment form of a licence.
extension Templates {
    static let licenceAmendPages: [(String, String)] = [("licence-amend", licenceAmend)]

    static let licenceAmend = """
        <p><a href="/giay-phep/{{idPath}}">← Giấy phép {{number}}</a></p>
        <h1>Sửa đổi, bổ sung giấy phép {{number}}</h1>
        <p>{{kind}}. Chỉ những nội dung dưới đây được thay đổi; các nội dung khác của giấy phép giữ nguyên.</p>
        <form method="post" action="/giay-phep/{{idPath}}/sua-doi" id="amend" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="form" value="{{form}}">
        {{#isWebsite}}<p><label for="domains">Tên miền (cách nhau bởi dấu phẩy)</label> <input id="domains" name="domains" value="{{domains}}" size="50"{{#domainsError}} aria-invalid="true" aria-describedby="domains-error"{{/domainsError}}>
        {{#domainsError}}<span class="field-error" id="domains-error">{{domainsError}}</span>{{/domainsError}}</p>
        <p><label for="serverLocation">Nơi đặt máy chủ</label> <input id="serverLocation" name="serverLocation" value="{{serverLocation}}" size="40"{{#serverLocationError}} aria-invalid="true" aria-describedby="serverLocation-error"{{/serverLocationError}}>
        {{#serverLocationError}}<span class="field-error" id="serverLocation-error">{{serverLocationError}}</span>{{/serverLocationError}}
        <label><input type="checkbox" name="inVietnam" value="1"{{#inVietnam}} checked{{/inVietnam}}> Máy chủ đặt tại Việt Nam</label></p>{{/isWebsite}}
        {{#isNewsletter}}<p><label for="name">Tên bản tin</label> <input id="name" name="name" value="{{name}}" size="50"{{#nameError}} aria-invalid="true" aria-describedby="name-error"{{/nameError}}>
        {{#nameError}}<span class="field-error" id="name-error">{{nameError}}</span>{{/nameError}}</p>{{/isNewsletter}}
        {{#isPublication}}<p><label for="title">Tên tài liệu</label> <input id="title" name="title" value="{{title}}" size="50"{{#titleError}} aria-invalid="true" aria-describedby="title-error"{{/titleError}}>
        {{#titleError}}<span class="field-error" id="title-error">{{titleError}}</span>{{/titleError}}</p>{{/isPublication}}
        {{#isPrinting}}<p><label for="name">Tên cơ sở in</label> <input id="name" name="name" value="{{name}}" size="50"{{#nameError}} aria-invalid="true" aria-describedby="name-error"{{/nameError}}>
        {{#nameError}}<span class="field-error" id="name-error">{{nameError}}</span>{{/nameError}}</p>
        <p><label for="address">Địa chỉ cơ sở in</label> <input id="address" name="address" value="{{address}}" size="50"></p>{{/isPrinting}}
        {{^isPrinting}}<p><label for="responsible">Người chịu trách nhiệm (tác giả)</label> <input id="responsible" name="responsible" value="{{responsible}}" size="40"{{#responsibleError}} aria-invalid="true" aria-describedby="responsible-error"{{/responsibleError}}>
        {{#responsibleError}}<span class="field-error" id="responsible-error">{{responsibleError}}</span>{{/responsibleError}}</p>{{/isPrinting}}
        <p><label for="effectiveOn">Ngày hiệu lực</label> <input id="effectiveOn" name="effectiveOn" type="date" value="{{effectiveOn}}"{{#effectiveOnError}} aria-invalid="true" aria-describedby="effectiveOn-error"{{/effectiveOnError}}>
        {{#effectiveOnError}}<span class="field-error" id="effectiveOn-error">{{effectiveOnError}}</span>{{/effectiveOnError}}
        <label for="decision">Số quyết định</label> <input id="decision" name="decision" value="{{decision}}"{{#decisionError}} aria-invalid="true" aria-describedby="decision-error"{{/decisionError}}>
        {{#decisionError}}<span class="field-error" id="decision-error">{{decisionError}}</span>{{/decisionError}}</p>
        <p><label for="reason">Lý do</label> <input id="reason" name="reason" value="{{reason}}" size="60"{{#reasonError}} aria-invalid="true" aria-describedby="reason-error"{{/reasonError}}>
        {{#reasonError}}<span class="field-error" id="reason-error">{{reasonError}}</span>{{/reasonError}}</p>
        <p><button type="submit">Ghi sửa đổi</button></p></form>
        """
}
