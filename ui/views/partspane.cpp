#include "partspane.h"

#include "counted.h"
#include "mailfiles.h"
#include "messageloader.h"
#include "models/parttreemodel.h"
#include "rawbytesview.h"

#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QMimeDatabase>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

namespace Ui {

namespace {

constexpr qint64 kMaxTextShown = 4 * 1024 * 1024;

bool write(const QString &path, const QByteArray &bytes, QString *error)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly) && file.write(bytes) == bytes.size())
        return true;
    *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
    return false;
}

} // namespace

PartsPane::PartsPane(QWidget *parent)
    : QWidget(parent), m_model(new PartTreeModel(this)), m_view(new QTreeView(this)),
      m_content(new QStackedWidget(this)), m_text(new QPlainTextEdit(this)), m_image(new QLabel(this)),
      m_hex(new RawBytesView(this)), m_empty(new QLabel(this)),
      m_save(new QPushButton(tr("&Save part…"), this)), m_saveAll(new QPushButton(tr("Save all &attachments…"), this)),
      m_open(new QPushButton(tr("&Open with system application…"), this))
{
    m_view->setObjectName(QStringLiteral("partView"));
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setStretchLastSection(false);
    const std::pair<int, int> widths[] = {{PartTreeModel::Path, 100},    {PartTreeModel::Type, 170},
                                          {PartTreeModel::Charset, 70},  {PartTreeModel::Encoding, 110},
                                          {PartTreeModel::Disposition, 80}, {PartTreeModel::Size, 70}};
    for (const auto &[column, width] : widths)
        m_view->setColumnWidth(column, width);
    m_view->header()->setSectionResizeMode(PartTreeModel::FileName, QHeaderView::Stretch);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &index) { showPart(m_model->part(index)); });

    m_text->setReadOnly(true);
    m_text->setObjectName(QStringLiteral("partText"));
    m_image->setAlignment(Qt::AlignCenter);
    auto *imageScroll = new QScrollArea(this);
    imageScroll->setWidget(m_image);
    imageScroll->setWidgetResizable(true);
    m_hex->setMode(RawBytesView::Mode::Hex);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setObjectName(QStringLiteral("partPlaceholder"));
    m_content->addWidget(m_empty);
    m_content->addWidget(m_text);
    m_content->addWidget(imageScroll);
    m_content->addWidget(m_hex);

    m_open->setToolTip(tr("Writes the part to a temporary file and opens it with the application your system "
                          "associates with its type."));
    connect(m_save, &QPushButton::clicked, this, &PartsPane::savePart);
    connect(m_saveAll, &QPushButton::clicked, this, &PartsPane::saveAll);
    connect(m_open, &QPushButton::clicked, this, &PartsPane::openPart);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addWidget(m_saveAll);
    buttons->addWidget(m_open);
    buttons->addStretch(1);

    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addLayout(buttons);
    lowerLayout->addWidget(m_content, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("partsSplitter"));
    splitter->addWidget(m_view);
    splitter->addWidget(lower);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    clear();
}

void PartsPane::clear()
{
    m_message.reset();
    m_model->setMessage({});
    showPart(nullptr);
    m_saveAll->setEnabled(false);
}

void PartsPane::show(const std::shared_ptr<const LoadedMessage> &message)
{
    m_message = message;
    m_model->setMessage(message->parsed);
    m_view->expandAll();
    showPart(nullptr);
    bool attachments = false;
    for (const Mime::Part *leaf : message->parsed.leaves())
        attachments = attachments || leaf->isAttachment;
    m_saveAll->setEnabled(attachments);
}

void PartsPane::showPart(const Mime::Part *part)
{
    m_current = part;
    const bool leaf = part && part->isLeaf() && m_message;
    m_save->setEnabled(leaf);
    m_open->setEnabled(leaf);
    if (!part || !m_message) {
        // Nothing of the part shown before may stay behind for the next message to inherit.
        m_empty->setText(tr("Select a part to see its decoded content."));
        m_text->clear();
        m_image->clear();
        m_hex->clear();
        m_content->setCurrentWidget(m_empty);
        return;
    }
    const Mime::ByteRange range = PartTreeModel::entityRange(*part);
    Q_EMIT rangeSelected(range.begin, range.end);
    if (!leaf) {
        m_empty->setText(tr("%1 with %2.").arg(part->contentType, counted(part->children.size(), "part", "parts")));
        m_content->setCurrentWidget(m_empty);
        return;
    }
    if (part->isText() && part->decodedSize <= kMaxTextShown) {
        m_text->setPlainText(Mime::decodedText(m_message->raw, *part));
        m_content->setCurrentWidget(m_text);
        return;
    }
    const QByteArray bytes = Mime::decodedContent(m_message->raw, *part);
    if (part->contentType.startsWith(QLatin1String("image/"))) {
        const QImage image = QImage::fromData(bytes);
        if (!image.isNull()) {
            m_image->setPixmap(QPixmap::fromImage(image));
            m_content->setCurrentIndex(2);
            return;
        }
    }
    m_hex->setData(bytes);
    m_content->setCurrentWidget(m_hex);
}

QString PartsPane::suggestedName(const Mime::Part &part)
{
    if (!part.filename.isEmpty())
        return MailFiles::safeFileName(part.filename, QStringLiteral("part"));
    const QMimeType type = QMimeDatabase().mimeTypeForName(part.contentType);
    const QString suffix = type.isValid() && !type.preferredSuffix().isEmpty() ? type.preferredSuffix()
                                                                               : QStringLiteral("bin");
    return QStringLiteral("part-%1.%2").arg(QString(part.path).replace(QLatin1Char('.'), QLatin1Char('-')), suffix);
}

QStringList PartsPane::saveAttachments(const QString &folder, const QByteArray &raw, const Mime::ParsedMessage &parsed,
                                       QStringList *errors)
{
    QStringList written;
    const QString root = QDir(folder).canonicalPath();
    for (const Mime::Part *part : parsed.leaves()) {
        if (!part->isAttachment)
            continue;
        const QString path = MailFiles::uniquePath(root, suggestedName(*part));
        // The name is already stripped of separators; check the result anyway.
        if (QFileInfo(path).absolutePath() != root) {
            errors->append(tr("Refused to write outside %1: %2").arg(root, path));
            continue;
        }
        QString error;
        if (write(path, Mime::decodedContent(raw, *part), &error))
            written.append(path);
        else
            errors->append(error);
    }
    return written;
}

void PartsPane::savePart()
{
    if (m_current && m_message)
        savePartAs(this, m_message->raw, *m_current);
}

void PartsPane::savePartAs(QWidget *parent, const QByteArray &raw, const Mime::Part &part)
{
    const QString start = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    const QString path = QFileDialog::getSaveFileName(parent, tr("Save part"), QDir(start).filePath(suggestedName(part)));
    if (path.isEmpty())
        return;
    QFile::remove(path); // the dialog already asked about replacing it
    QString error;
    if (!write(path, Mime::decodedContent(raw, part), &error))
        QMessageBox::warning(parent, tr("Save part"), error);
}

void PartsPane::saveAll()
{
    if (!m_message)
        return;
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Save all attachments into"), QStandardPaths::writableLocation(QStandardPaths::DownloadLocation));
    if (folder.isEmpty())
        return;
    QStringList errors;
    const QStringList written = saveAttachments(folder, m_message->raw, m_message->parsed, &errors);
    if (!errors.isEmpty())
        QMessageBox::warning(this, tr("Save all attachments"),
                             tr("Saved %1.").arg(counted(written.size(), "file", "files")) + QLatin1Char('\n') + errors.join(QLatin1Char('\n')));
}

void PartsPane::openPart()
{
    if (m_current && m_message)
        openWithSystem(this, m_message->raw, *m_current);
}

void PartsPane::openWithSystem(QWidget *parent, const QByteArray &raw, const Mime::Part &part)
{
    const QString name = suggestedName(part);
    const auto answer = QMessageBox::question(
        parent, tr("Open part"),
        tr("Open \"%1\" with the application your system uses for it?\n\nFiles from unknown senders can be harmful.")
            .arg(name));
    if (answer != QMessageBox::Yes)
        return;
    static QTemporaryDir folder; // lives until Mailscope exits, so the application can read it
    const QString path = MailFiles::uniquePath(folder.path(), name);
    QString error;
    if (!write(path, Mime::decodedContent(raw, part), &error)) {
        QMessageBox::warning(parent, tr("Open part"), error);
        return;
    }
    QDesktopServices::openUrl(QUrl::fromLocalFile(path));
}

} // namespace Ui
