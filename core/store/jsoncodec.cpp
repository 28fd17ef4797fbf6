#include "jsoncodec.h"

#include <QJsonDocument>

namespace Store::Json {

namespace {

QString text(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes);
}

QJsonArray fromParameters(const Smtp::Parameters &parameters)
{
    QJsonArray out;
    for (const auto &[key, value] : parameters)
        out.append(QJsonArray{text(key), text(value)});
    return out;
}

Smtp::Parameters toParameters(const QJsonArray &array)
{
    Smtp::Parameters out;
    for (const auto &item : array) {
        const QJsonArray pair = item.toArray();
        out.append({pair.at(0).toString().toUtf8(), pair.at(1).toString().toUtf8()});
    }
    return out;
}

} // namespace

QJsonObject fromEnvelope(const Smtp::Envelope &e)
{
    QJsonArray recipients;
    for (const Smtp::Recipient &r : e.recipients) {
        QJsonObject o{{QStringLiteral("address"), text(r.address)},
                      {QStringLiteral("parameters"), fromParameters(r.parameters)}};
        if (!r.notify.isEmpty())
            o.insert(QStringLiteral("notify"), text(r.notify));
        if (!r.orcpt.isEmpty())
            o.insert(QStringLiteral("orcpt"), text(r.orcpt));
        recipients.append(o);
    }
    QJsonObject o{{QStringLiteral("mail_from"), text(e.mailFrom)},
                  {QStringLiteral("mail_parameters"), fromParameters(e.mailParameters)},
                  {QStringLiteral("recipients"), recipients},
                  {QStringLiteral("smtputf8"), e.smtpUtf8},
                  {QStringLiteral("chunked"), e.chunked}};
    if (!e.body.isEmpty())
        o.insert(QStringLiteral("body"), text(e.body));
    if (e.declaredSize >= 0)
        o.insert(QStringLiteral("size"), e.declaredSize);
    if (!e.ret.isEmpty())
        o.insert(QStringLiteral("ret"), text(e.ret));
    if (!e.envid.isEmpty())
        o.insert(QStringLiteral("envid"), text(e.envid));
    if (!e.auth.isEmpty())
        o.insert(QStringLiteral("auth"), text(e.auth));
    return o;
}

Smtp::Envelope toEnvelope(const QJsonObject &o)
{
    Smtp::Envelope e;
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

QJsonArray fromDefects(const Smtp::Defects &defects)
{
    QJsonArray out;
    for (const Smtp::Defect &d : defects) {
        QJsonObject o{{QStringLiteral("code"), text(d.code)},
                      {QStringLiteral("detail"), d.detail},
                      {QStringLiteral("count"), d.count}};
        if (d.offset >= 0)
            o.insert(QStringLiteral("offset"), d.offset);
        out.append(o);
    }
    return out;
}

Smtp::Defects toDefects(const QJsonArray &array)
{
    Smtp::Defects out;
    for (const auto &item : array) {
        const QJsonObject o = item.toObject();
        out.append({o.value(QStringLiteral("code")).toString().toUtf8(), o.value(QStringLiteral("detail")).toString(),
                    o.value(QStringLiteral("count")).toInteger(1), o.value(QStringLiteral("offset")).toInteger(-1)});
    }
    return out;
}

QJsonArray fromFaultHits(const QList<FaultHit> &hits)
{
    QJsonArray out;
    for (const FaultHit &h : hits)
        out.append(QJsonObject{{QStringLiteral("rule"), h.rule}, {QStringLiteral("count"), h.count}});
    return out;
}

QList<FaultHit> toFaultHits(const QJsonArray &array)
{
    QList<FaultHit> out;
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
