#include "attachmentviewer.h"

#include <QBuffer>
#include <QImage>
#include <QLabel>
#include <QPdfDocument>
#include <QPdfView>
#include <QScrollArea>
#include <QVBoxLayout>

namespace Ui {

AttachmentViewer::Kind AttachmentViewer::kindOf(const QString &contentType)
{
    if (contentType == QLatin1String("application/pdf"))
        return Kind::Pdf;
    if (contentType.startsWith(QLatin1String("image/")))
        return Kind::Image;
    return Kind::None;
}

AttachmentViewer::AttachmentViewer(const QString &title, const QString &contentType, const QByteArray &bytes,
                                   QWidget *parent)
    : QWidget(parent, Qt::Window), m_kind(kindOf(contentType)), m_bytes(bytes)
{
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    if (m_kind == Kind::Pdf) {
        m_buffer = new QBuffer(&m_bytes, this);
        m_buffer->open(QIODevice::ReadOnly);
        m_pdf = new QPdfDocument(this);
        m_pdf->load(m_buffer);
        m_pdfView = new QPdfView(this);
        m_pdfView->setObjectName(QStringLiteral("pdfView"));
        m_pdfView->setPageMode(QPdfView::PageMode::MultiPage);
        m_pdfView->setZoomMode(QPdfView::ZoomMode::FitToWidth);
        m_pdfView->setDocument(m_pdf);
        layout->addWidget(m_pdfView);
        resize(700, 900);
        return;
    }
    m_image = new QLabel(this);
    m_image->setObjectName(QStringLiteral("imageView"));
    m_image->setAlignment(Qt::AlignCenter);
    const QImage image = m_kind == Kind::Image ? QImage::fromData(m_bytes) : QImage();
    if (image.isNull())
        m_image->setText(tr("This attachment cannot be shown here."));
    else
        m_image->setPixmap(QPixmap::fromImage(image));
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_image);
    scroll->setWidgetResizable(true);
    layout->addWidget(scroll);
    resize(image.isNull() ? QSize(400, 200) : image.size().boundedTo(QSize(1000, 800)) + QSize(24, 24));
}

QPixmap AttachmentViewer::image() const
{
    return m_image ? m_image->pixmap() : QPixmap();
}

} // namespace Ui
