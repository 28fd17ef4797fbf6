#pragma once

#include "mime/parsedmessage.h"

#include <QWidget>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTreeView;

namespace Ui {

class PartTreeModel;
class RawBytesView;
struct LoadedMessage;

// The Parts tab: the MIME tree; the selected part's decoded content (text, image, or hex
// for anything else); saving one part or every attachment, and opening one with the
// system's application only when asked.
class PartsPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PartsPane)

public:
    explicit PartsPane(QWidget *parent = nullptr);
    void show(const std::shared_ptr<const LoadedMessage> &message);
    void clear();
    PartTreeModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QPlainTextEdit *textView() const { return m_text; }

    // Writes every attachment into folder under a safe, unique name; returns the paths written.
    static QStringList saveAttachments(const QString &folder, const QByteArray &raw, const Mime::ParsedMessage &parsed,
                                       QStringList *errors);
    static QString suggestedName(const Mime::Part &part);
    // Ask where to save one part (under its safe name), or whether to open it with the
    // system's application, and do it; what went wrong is shown to the user.
    static void savePartAs(QWidget *parent, const QByteArray &raw, const Mime::Part &part);
    static void openWithSystem(QWidget *parent, const QByteArray &raw, const Mime::Part &part);

Q_SIGNALS:
    void rangeSelected(qint64 begin, qint64 end);

private:
    void showPart(const Mime::Part *part);
    void savePart();
    void saveAll();
    void openPart();

    std::shared_ptr<const LoadedMessage> m_message;
    const Mime::Part *m_current = nullptr;
    PartTreeModel *m_model;
    QTreeView *m_view;
    QStackedWidget *m_content;
    QPlainTextEdit *m_text;
    QLabel *m_image;
    RawBytesView *m_hex;
    QLabel *m_empty;
    QPushButton *m_save;
    QPushButton *m_saveAll;
    QPushButton *m_open;
};

} // namespace Ui
