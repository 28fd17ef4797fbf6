#include "messageglance.h"

#include "attachmentviewer.h"
#include "messageloader.h"
#include "partspane.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QToolButton>

namespace Ui {

namespace {

QString addresses(const QList<Mime::Address> &list)
{
    QStringList out;
    for (const Mime::Address &a : list)
        out.append(a.name.isEmpty() ? a.addr : QStringLiteral("%1 <%2>").arg(a.name, a.addr));
    return out.join(QStringLiteral(", "));
}

bool isInlineImage(const Mime::Part &part)
{
    return !part.isAttachment && part.contentType.startsWith(QLatin1String("image/"));
}

} // namespace

MessageGlance::MessageGlance(QWidget *parent)
    : QWidget(parent), m_form(new QFormLayout(this)), m_attachmentRow(new QWidget(this)),
      m_attachments(new QHBoxLayout(m_attachmentRow))
{
    const QString names[FieldCount] = {tr("From:"), tr("To:"), tr("Cc:"), tr("Bcc:"), tr("Reply-To:"), tr("Date:"), tr("Subject:")};
    m_form->setContentsMargins(6, 4, 6, 4);
    m_form->setVerticalSpacing(1);
    m_form->setLabelAlignment(Qt::AlignRight);
    for (int i = 0; i < FieldCount; ++i) {
        m_values[i] = new QLabel(this);
        m_values[i]->setTextFormat(Qt::PlainText);
        m_values[i]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_values[i]->setWordWrap(true);
        m_form->addRow(names[i], m_values[i]);
    }
    QFont subject = m_values[Subject]->font();
    subject.setBold(true);
    m_values[Subject]->setFont(subject);
    m_attachments->setContentsMargins(0, 0, 0, 0);
    m_attachments->addStretch(1);
    m_form->addRow(tr("Attached:"), m_attachmentRow);
    clear();
}

void MessageGlance::setField(Field field, const QString &text, const QString &tip)
{
    m_values[field]->setText(text);
    m_values[field]->setToolTip(tip);
    m_form->setRowVisible(int(field), !text.isEmpty());
}

QString MessageGlance::fieldText(Field field) const
{
    return m_values[field]->text();
}

void MessageGlance::clear()
{
    m_message.reset();
    for (int i = 0; i < FieldCount; ++i)
        setField(Field(i), {});
    qDeleteAll(m_buttons);
    m_buttons.clear();
    m_form->setRowVisible(m_attachmentRow, false);
}

QList<const Mime::Part *> MessageGlance::listedParts(const LoadedMessage &message)
{
    QList<const Mime::Part *> attached;
    QList<const Mime::Part *> images;
    for (const Mime::Part *part : message.parsed.leaves()) {
        if (part->isAttachment)
            attached.append(part);
        else if (isInlineImage(*part))
            images.append(part);
    }
    return attached + images;
}

void MessageGlance::show(const std::shared_ptr<const LoadedMessage> &message)
{
    clear();
    m_message = message;
    const Mime::ParsedMessage &p = message->parsed;
    setField(From, addresses(p.from));
    setField(To, addresses(p.to));
    setField(Cc, addresses(p.cc));
    const QStringList blind = envelopeOnlyRecipients(*message) + [&p] {
        QStringList header;
        for (const Mime::Address &a : p.bcc)
            header.append(a.addr);
        return header;
    }();
    setField(EnvelopeOnly, blind.isEmpty() ? QString() : blind.join(QStringLiteral(", ")) + tr("  (envelope only)"),
             tr("Received through RCPT TO without appearing in the To or Cc headers, so the other recipients "
                "cannot see these addresses: blind copies."));
    setField(ReplyTo, addresses(p.replyTo));
    setField(Date, p.dateTime.isValid() ? QLocale().toString(p.dateTime.toLocalTime(), QLocale::LongFormat) : p.date);
    setField(Subject, p.subject);

    const QLocale locale;
    for (const Mime::Part *part : listedParts(*message)) {
        auto *button = new QToolButton(m_attachmentRow);
        button->setObjectName(QStringLiteral("glanceAttachment"));
        const QString name = part->filename.isEmpty() ? PartsPane::suggestedName(*part) : part->filename;
        button->setText(QStringLiteral("%1 (%2, %3)")
                            .arg(name, part->contentType, locale.formattedDataSize(qMax<qint64>(part->decodedSize, 0))));
        button->setToolTip(isInlineImage(*part) ? tr("An image shown inside the message") : tr("An attachment"));
        button->setPopupMode(QToolButton::InstantPopup);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        auto *menu = new QMenu(button);
        if (AttachmentViewer::kindOf(part->contentType) != AttachmentViewer::Kind::None) {
            QAction *view = menu->addAction(tr("&View"), this, [this, part] { this->view(*part); });
            view->setObjectName(QStringLiteral("viewAttachment"));
        }
        menu->addAction(tr("&Open with system application…"), this, [this, part] {
            PartsPane::openWithSystem(this, m_message->raw, *part);
        })->setObjectName(QStringLiteral("openAttachment"));
        menu->addAction(tr("&Save…"), this, [this, part] {
            PartsPane::savePartAs(this, m_message->raw, *part);
        })->setObjectName(QStringLiteral("saveAttachment"));
        button->setMenu(menu);
        m_attachments->insertWidget(m_attachments->count() - 1, button);
        m_buttons.append(button);
    }
    m_form->setRowVisible(m_attachmentRow, !m_buttons.isEmpty());
}

AttachmentViewer *MessageGlance::view(const Mime::Part &part)
{
    if (!m_message)
        return nullptr;
    const QString name = part.filename.isEmpty() ? PartsPane::suggestedName(part) : part.filename;
    auto *viewer = new AttachmentViewer(name, part.contentType, Mime::decodedContent(m_message->raw, part), this);
    viewer->show();
    return viewer;
}

} // namespace Ui
