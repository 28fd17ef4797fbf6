#include "messagecommands.h"

#include "capturecontroller.h"
#include "counted.h"
#include "mailfiles.h"
#include "mainview.h"
#include "messagecounts.h"
#include "models/messagelistmodel.h"
#include "store/importedmessage.h"
#include "store/maintenance.h"
#include "store/reader.h"

#include "records/tags.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QFileDialog>
#include <QGuiApplication>
#include <QInputDialog>
#include <QTemporaryDir>
#include <QUrl>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QtConcurrent>

namespace Ui {

MessageCommands::MessageCommands(CaptureController *capture, MainView *view, MessageCounts *counts,
                                 QStatusBar *statusBar, QWidget *window)
    : QObject(window), m_capture(capture), m_view(view), m_counts(counts), m_statusBar(statusBar), m_window(window)
{
}

MessageCommands::~MessageCommands() = default;

void MessageCommands::openSelected()
{
    const QList<qint64> ids = m_view->selectedMessageIds();
    if (ids.isEmpty() || !m_reader)
        return;
    if (!m_openDir)
        m_openDir = std::make_unique<QTemporaryDir>();
    const auto m = m_reader->message(ids.first());
    const QString path = m_openDir->filePath(MailFiles::emlFileName(ids.first(), m ? m->subject : QString()));
    QString error;
    if (!MailFiles::exportMessages(*m_reader, {ids.first()}, path, MailFiles::Format::Eml, &error)) {
        QMessageBox::warning(m_window, tr("Open"), error);
        return;
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
        m_statusBar->showMessage(tr("No application opens %1").arg(path), 8000);
}

QString MessageCommands::fieldText(const Records::MessageSummary &m, Field field)
{
    switch (field) {
    case Field::Sender:
        return m.headerFrom.isEmpty() ? QString::fromUtf8(m.mailFrom) : m.headerFrom;
    case Field::Recipients: {
        if (!m.headerTo.isEmpty())
            return m.headerTo;
        QStringList envelope;
        for (const QByteArray &r : m.recipients)
            envelope.append(QString::fromUtf8(r));
        return envelope.join(QStringLiteral(", "));
    }
    case Field::Subject:
        return m.subject;
    case Field::MessageId:
        return m.messageId.isEmpty() ? QString() : QLatin1Char('<') + m.messageId + QLatin1Char('>');
    }
    return {};
}

void MessageCommands::copySelected(Field field)
{
    const MessageListModel *messages = m_view->messageModel();
    QStringList lines;
    for (const qint64 id : m_view->selectedMessageIds()) {
        const int row = messages->rowOf(id);
        if (row >= 0)
            lines.append(fieldText(messages->at(row), field));
    }
    if (!lines.isEmpty())
        QGuiApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

void MessageCommands::tagSelected(const QString &name, bool on)
{
    const QString tag = Records::Tags::clean(name);
    const MessageListModel *messages = m_view->messageModel();
    if (tag.isEmpty())
        return;
    for (const qint64 id : m_view->selectedMessageIds()) {
        const int row = messages->rowOf(id);
        if (row < 0)
            continue;
        QStringList tags = messages->at(row).tags;
        const bool has = tags.contains(tag, Qt::CaseInsensitive);
        if (has == on)
            continue;
        if (on)
            tags.append(tag);
        else
            tags.removeIf([&tag](const QString &t) { return t.compare(tag, Qt::CaseInsensitive) == 0; });
        m_capture->perform(Store::Maintenance::setTags({id}, tags)); // the list follows the store's report
    }
}

void MessageCommands::newTagForSelected()
{
    if (m_view->selectedMessageIds().isEmpty())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(m_window, tr("New tag"),
                                               tr("Tag (letters, digits, spaces, '-', '_' and '.'):"), QLineEdit::Normal,
                                               {}, &ok);
    if (ok)
        tagSelected(name, true);
}

void MessageCommands::setReader(const Store::Reader *reader)
{
    m_reader = reader;
}

void MessageCommands::markShownRead(qint64 id)
{
    MessageListModel *messages = m_view->messageModel();
    const int row = messages->rowOf(id);
    if (row < 0 || !messages->data(messages->index(row, 0), MessageListModel::UnreadRole).toBool())
        return;
    messages->setSeen({id}, true);
    m_capture->perform(Store::Maintenance::setSeen({id}, true));
    m_counts->markOneRead();
}

void MessageCommands::markSelected(bool seen)
{
    const QList<qint64> ids = m_view->selectedMessageIds();
    if (ids.isEmpty())
        return;
    m_view->messageModel()->setSeen(ids, seen);
    m_capture->perform(Store::Maintenance::setSeen(ids, seen));
    m_counts->recountSoon();
}

void MessageCommands::markAllRead()
{
    MessageListModel *messages = m_view->messageModel();
    QList<qint64> ids;
    for (int row = 0; row < messages->rowCount(); ++row)
        ids.append(messages->idAt(row));
    messages->setSeen(ids, true);
    // Not only the loaded rows: every unread message in the store.
    m_capture->perform(Store::Maintenance::setAllSeen());
    m_counts->recountSoon();
}

void MessageCommands::deleteSelected()
{
    const QList<qint64> ids = m_view->selectedMessageIds();
    if (ids.isEmpty())
        return;
    // Select the row after the last selected one (or before the first) once they are gone.
    m_view->selectAfterRemoving(ids);
    m_capture->perform(Store::Maintenance::remove(ids));
}

void MessageCommands::clearAll()
{
    const auto answer = QMessageBox::question(
        m_window, tr("Delete all messages"),
        tr("Delete every stored message and every finished session? Sessions still connected are kept."));
    if (answer != QMessageBox::Yes)
        return;
    m_capture->perform(Store::Maintenance::removeAll());
}

void MessageCommands::exportSelected()
{
    const QList<qint64> ids = m_view->selectedMessageIds();
    if (ids.isEmpty() || !m_reader)
        return;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const bool single = ids.size() == 1;
    QString suggestion;
    if (single) {
        const auto m = m_reader->message(ids.first());
        suggestion = MailFiles::emlFileName(ids.first(), m ? m->subject : QString());
    } else {
        suggestion = QStringLiteral("mailscope-%1-messages.mbox").arg(ids.size());
    }
    const QString path = QFileDialog::getSaveFileName(
        m_window, single ? tr("Export message") : tr("Export %L1 messages as mbox").arg(ids.size()),
        folder + QLatin1Char('/') + suggestion, single ? tr("Message files (*.eml)") : tr("mbox files (*.mbox)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!MailFiles::exportMessages(*m_reader, ids, path, single ? MailFiles::Format::Eml : MailFiles::Format::Mbox, &error))
        QMessageBox::warning(m_window, tr("Export"), error);
    else
        m_statusBar->showMessage(tr("Exported %1 to %2").arg(counted(ids.size(), "message", "messages"), path), 6000);
}

void MessageCommands::importFiles(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    auto *watcher = new QFutureWatcher<Store::FileImport>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Store::FileImport read = watcher->result();
        for (const Records::MessageRecord &record : read.messages)
            m_capture->store(record);
        m_capture->perform([](QSqlDatabase &, Records::CommitBatch &, QString *) { return true; }); // start the writer if paused
        m_statusBar->showMessage(tr("Importing %1").arg(counted(read.messages.size(), "message", "messages"))
                                     + (read.errors.isEmpty() ? QString() : QStringLiteral("; ") + read.errors.join(QStringLiteral("; "))),
                                 8000);
        Q_EMIT importQueued(int(read.messages.size()), read.errors);
    });
    watcher->setFuture(QtConcurrent::run([paths] { return Store::importFiles(paths); }));
}

} // namespace Ui
