#include "jsoncodec.h"

#include "jsonwriter.h"

#include <QJsonDocument>

namespace Store::Json {

namespace {

void writeParameters(Writer &out, const Records::Parameters &parameters)
{
    out.beginArray();
    for (const auto &[key, value] : parameters)
        out.beginArray().value(key).value(value).endArray();
    out.endArray();
}

Records::Parameters toParameters(const QJsonArray &array)
{
    Records::Parameters out;
    for (const auto &item : array) {
        const QJsonArray pair = item.toArray();
        out.append({pair.at(0).toString().toUtf8(), pair.at(1).toString().toUtf8()});
    }
    return out;
}

} // namespace

QByteArray storedEnvelope(const Records::MessageRecord &m, bool inSession)
{
    const Records::Envelope &e = m.envelope;
    Writer out;
    out.beginObject();
    out.key("mail_from").value(e.mailFrom);
    if (!e.mailParameters.isEmpty())
        writeParameters(out.key("mail_parameters"), e.mailParameters);
    out.key("recipients").beginArray();
    for (const Records::Recipient &r : e.recipients) {
        out.beginObject().key("address").value(r.address);
        if (!r.parameters.isEmpty())
            writeParameters(out.key("parameters"), r.parameters);
        if (!r.notify.isEmpty())
            out.key("notify").value(r.notify);
        if (!r.orcpt.isEmpty())
            out.key("orcpt").value(r.orcpt);
        out.endObject();
    }
    out.endArray();
    if (e.smtpUtf8)
        out.key("smtputf8").value(true);
    if (e.chunked)
        out.key("chunked").value(true);
    if (!e.body.isEmpty())
        out.key("body").value(e.body);
    if (e.declaredSize >= 0)
        out.key("size").value(e.declaredSize);
    if (!e.ret.isEmpty())
        out.key("ret").value(e.ret);
    if (!e.envid.isEmpty())
        out.key("envid").value(e.envid);
    if (!e.auth.isEmpty())
        out.key("auth").value(e.auth);
    out.key("helo").value(m.helo);
    if (!inSession) {
        out.key("client_addr").value(m.clientAddress).key("client_port").value(m.clientPort);
        out.key("server_addr").value(m.serverAddress).key("server_port").value(m.serverPort);
    }
    out.key("data_lines").value(m.dataLines);
    if (!m.summary.authUser.isEmpty())
        out.key("auth_user").value(m.summary.authUser);
    if (m.summary.tls)
        out.key("tls").value(true);
    return out.endObject().take();
}

QJsonObject envelopeObject(const QByteArray &stored, const Records::SessionRecord *session)
{
    QJsonObject o = QJsonDocument::fromJson(stored).object();
    const auto fill = [](QJsonObject &object, const QString &key, const QJsonValue &value) {
        if (!object.contains(key))
            object.insert(key, value);
    };
    fill(o, QStringLiteral("mail_parameters"), QJsonArray());
    QJsonArray recipients = o.value(QStringLiteral("recipients")).toArray();
    for (qsizetype i = 0; i < recipients.size(); ++i) {
        QJsonObject r = recipients.at(i).toObject();
        fill(r, QStringLiteral("parameters"), QJsonArray());
        recipients.replace(i, r);
    }
    o.insert(QStringLiteral("recipients"), recipients);
    for (const char *flag : {"smtputf8", "chunked", "tls"})
        fill(o, QLatin1StringView(flag), false);
    if (session) {
        fill(o, QStringLiteral("client_addr"), session->clientAddress);
        fill(o, QStringLiteral("client_port"), session->clientPort);
        fill(o, QStringLiteral("server_addr"), session->serverAddress);
        fill(o, QStringLiteral("server_port"), session->serverPort);
    }
    return o;
}

Records::Envelope toEnvelope(const QJsonObject &o)
{
    Records::Envelope e;
    e.mailFrom = o.value(QStringLiteral("mail_from")).toString().toUtf8();
    e.mailParameters = toParameters(o.value(QStringLiteral("mail_parameters")).toArray());
    e.smtpUtf8 = o.value(QStringLiteral("smtputf8")).toBool();
    e.chunked = o.value(QStringLiteral("chunked")).toBool();
    e.body = o.value(QStringLiteral("body")).toString().toUtf8();
    e.declaredSize = o.value(QStringLiteral("size")).toInteger(-1);
    e.ret = o.value(QStringLiteral("ret")).toString().toUtf8();
    e.envid = o.value(QStringLiteral("envid")).toString().toUtf8();
    e.auth = o.value(QStringLiteral("auth")).toString().toUtf8();
    for (const auto &item : o.value(QStringLiteral("recipients")).toArray()) {
        const QJsonObject r = item.toObject();
        e.recipients.append({r.value(QStringLiteral("address")).toString().toUtf8(),
                             toParameters(r.value(QStringLiteral("parameters")).toArray()),
                             r.value(QStringLiteral("notify")).toString().toUtf8(),
                             r.value(QStringLiteral("orcpt")).toString().toUtf8()});
    }
    return e;
}

QByteArray defectsJson(const Records::Defects &defects)
{
    if (defects.isEmpty())
        return QByteArrayLiteral("[]");
    Writer out;
    out.beginArray();
    for (const Records::Defect &d : defects) {
        out.beginObject().key("code").value(d.code).key("detail").value(d.detail).key("count").value(d.count);
        if (d.offset >= 0)
            out.key("offset").value(d.offset);
        out.endObject();
    }
    return out.endArray().take();
}

QJsonArray fromDefects(const Records::Defects &defects)
{
    return QJsonDocument::fromJson(defectsJson(defects)).array();
}

Records::Defects toDefects(const QJsonArray &array)
{
    Records::Defects out;
    for (const auto &item : array) {
        const QJsonObject o = item.toObject();
        out.append({o.value(QStringLiteral("code")).toString().toUtf8(), o.value(QStringLiteral("detail")).toString(),
                    o.value(QStringLiteral("count")).toInteger(1), o.value(QStringLiteral("offset")).toInteger(-1)});
    }
    return out;
}

QByteArray faultHitsJson(const QList<Records::FaultHit> &hits)
{
    Writer out;
    out.beginArray();
    for (const Records::FaultHit &h : hits)
        out.beginObject().key("rule").value(h.rule).key("count").value(h.count).endObject();
    return out.endArray().take();
}

QJsonArray fromFaultHits(const QList<Records::FaultHit> &hits)
{
    return QJsonDocument::fromJson(faultHitsJson(hits)).array();
}

QByteArray stringsJson(const QStringList &strings)
{
    Writer out;
    out.beginArray();
    for (const QString &s : strings)
        out.value(s);
    return out.endArray().take();
}

QList<Records::FaultHit> toFaultHits(const QJsonArray &array)
{
    QList<Records::FaultHit> out;
    for (const auto &item : array) {
        const QJsonObject o = item.toObject();
        out.append({o.value(QStringLiteral("rule")).toString(), o.value(QStringLiteral("count")).toInt(1)});
    }
    return out;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray compact(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

} // namespace Store::Json
