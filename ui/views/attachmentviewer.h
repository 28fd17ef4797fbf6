#pragma once

#include <QByteArray>
#include <QWidget>

class QBuffer;
class QLabel;
class QPdfDocument;
class QPdfView;

namespace Ui {

// One attachment shown in a window of its own: a PDF in Qt PDF's viewer, an image as an
// image. The bytes stay in memory; nothing is written to disk.
class AttachmentViewer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttachmentViewer)

public:
    enum class Kind { Pdf, Image, None };
    static Kind kindOf(const QString &contentType);

    AttachmentViewer(const QString &title, const QString &contentType, const QByteArray &bytes, QWidget *parent = nullptr);
    Kind kind() const { return m_kind; }
    QPdfDocument *pdf() const { return m_pdf; } // null unless a PDF
    QPixmap image() const;                      // null unless an image

private:
    Kind m_kind;
    QByteArray m_bytes;
    QBuffer *m_buffer = nullptr;
    QPdfDocument *m_pdf = nullptr;
    QPdfView *m_pdfView = nullptr;
    QLabel *m_image = nullptr;
};

} // namespace Ui
