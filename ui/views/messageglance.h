#pragma once

#include <QWidget>

#include <memory>

class QFormLayout;
class QHBoxLayout;
class QLabel;
class QToolButton;

namespace Mime {
struct Part;
}

namespace Ui {

class AttachmentViewer;
struct LoadedMessage;

// The message at a glance, above the preview: who sent it to whom (blind copies from the
// envelope included, and said to be such), when, about what, and its attachments and inline
// images with their type and size, each to view, open or save.
class MessageGlance final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageGlance)

public:
    enum Field { From, To, Cc, EnvelopeOnly, ReplyTo, Date, Subject, FieldCount };

    explicit MessageGlance(QWidget *parent = nullptr);
    void show(const std::shared_ptr<const LoadedMessage> &message);
    void clear();

    QString fieldText(Field field) const; // empty when the row is hidden
    QList<QToolButton *> attachmentButtons() const { return m_buttons; }
    // The parts listed: attachments, then inline images, in document order.
    static QList<const Mime::Part *> listedParts(const LoadedMessage &message);

    // Shows a PDF or an image part in a window of its own.
    AttachmentViewer *view(const Mime::Part &part);

private:
    void setField(Field field, const QString &text, const QString &tip = {});

    std::shared_ptr<const LoadedMessage> m_message;
    QFormLayout *m_form;
    QLabel *m_values[FieldCount];
    QWidget *m_attachmentRow;
    QHBoxLayout *m_attachments;
    QList<QToolButton *> m_buttons;
};

} // namespace Ui
