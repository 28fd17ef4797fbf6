#include "headerspane.h"

#include "messageloader.h"
#include "models/headermodel.h"
#include "models/sessionlistmodel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Ui {

namespace {

QString parametersText(const Records::Parameters &parameters)
{
    QStringList out;
    for (const auto &[key, value] : parameters)
        out.append(value.isEmpty() ? QString::fromUtf8(key) : QString::fromUtf8(key + '=' + value));
    return out.join(QLatin1Char(' '));
}

} // namespace

HeadersPane::HeadersPane(QWidget *parent)
    : QWidget(parent), m_model(new HeaderModel(this)), m_view(new QTreeView(this)),
      m_envelope(new QTreeWidget(this)), m_bccNote(new QLabel(this))
{
    m_view->setObjectName(QStringLiteral("headerView"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setStretchLastSection(true);
    m_view->setColumnWidth(HeaderModel::Name, 160);
    m_view->setColumnWidth(HeaderModel::Value, 340);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT rangeSelected(index.data(HeaderModel::RangeBeginRole).toLongLong(),
                                 index.data(HeaderModel::RangeEndRole).toLongLong());
    });

    m_envelope->setObjectName(QStringLiteral("envelopeView"));
    m_envelope->setHeaderLabels({tr("Envelope"), tr("Value")});
    m_envelope->setRootIsDecorated(false);
    m_envelope->setColumnWidth(0, 130);
    m_bccNote->setWordWrap(true);
    m_bccNote->setTextFormat(Qt::PlainText);
    m_bccNote->hide();

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_envelope, 1);
    sideLayout->addWidget(m_bccNote);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("headersSplitter"));
    splitter->addWidget(m_view);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

void HeadersPane::clear()
{
    m_model->setHeaders({});
    m_envelope->clear();
    m_bcc.clear();
    m_bccNote->hide();
}

void HeadersPane::show(const LoadedMessage &m)
{
    m_model->setHeaders(m.parsed.headers());
    m_envelope->clear();
    m_bcc.clear();
    const auto add = [this](const QString &key, const QString &value, const QString &tip = {}) {
        auto *item = new QTreeWidgetItem(m_envelope, {key, value});
        item->setToolTip(1, tip.isEmpty() ? value : tip);
        return item;
    };
    const QJsonObject &e = m.envelopeJson;
    const bool smtp = m.summary.sessionId != 0;
    add(tr("Received"), QDateTime::fromMSecsSinceEpoch(m.summary.receivedUs / 1000).toString(Qt::ISODateWithMs));
    if (!smtp) {
        add(tr("Source"), tr("imported file (no SMTP envelope)"));
    } else {
        const QString from = QString::fromUtf8(m.envelope.mailFrom);
        add(tr("MAIL FROM"), QLatin1Char('<') + from + QLatin1Char('>') + QLatin1Char(' ')
                                 + parametersText(m.envelope.mailParameters));
    }

    // Recipients named in a header are visible to everyone; the rest were blind copies.
    const QStringList blind = envelopeOnlyRecipients(m);
    for (const Records::Recipient &r : m.envelope.recipients) {
        const QString address = QString::fromUtf8(r.address);
        const bool bcc = blind.contains(address);
        QTreeWidgetItem *item =
            add(tr("RCPT TO"), QLatin1Char('<') + address + QLatin1Char('>') + (bcc ? tr("  (Bcc)") : QString())
                                   + QLatin1Char(' ') + parametersText(r.parameters));
        if (bcc) {
            m_bcc.append(address);
            item->setToolTip(1, tr("In the envelope but in no To, Cc or Bcc header: a blind copy."));
        }
    }
    if (smtp) {
        add(tr("HELO"), e.value(QStringLiteral("helo")).toString());
        add(tr("Client"), QStringLiteral("%1 port %2")
                              .arg(e.value(QStringLiteral("client_addr")).toString())
                              .arg(e.value(QStringLiteral("client_port")).toInt()));
        add(tr("Server"), QStringLiteral("%1 port %2")
                              .arg(e.value(QStringLiteral("server_addr")).toString())
                              .arg(e.value(QStringLiteral("server_port")).toInt()));
        add(tr("Transfer"), (m.envelope.chunked ? QStringLiteral("BDAT") : QStringLiteral("DATA"))
                                + (m.envelope.body.isEmpty() ? QString() : QStringLiteral(", BODY=") + QString::fromUtf8(m.envelope.body))
                                + (m.envelope.smtpUtf8 ? QStringLiteral(", SMTPUTF8") : QString()));
        add(tr("TLS"), SessionListModel::tlsText(m.session ? m.session->tls : QJsonObject(), e.value(QStringLiteral("tls")).toBool()));
        const QString user = e.value(QStringLiteral("auth_user")).toString();
        add(tr("Auth user"), user.isEmpty() ? tr("none") : user);
    }
    add(tr("Size"), tr("%L1 octets").arg(m.summary.size));
    m_envelope->resizeColumnToContents(0);

    if (m_bcc.isEmpty()) {
        m_bccNote->hide();
    } else {
        m_bccNote->setText(tr("Bcc: %1 received this message through RCPT TO without appearing in any header, "
                              "so the other recipients cannot see it.")
                               .arg(m_bcc.join(QStringLiteral(", "))));
        m_bccNote->show();
    }
}

} // namespace Ui
