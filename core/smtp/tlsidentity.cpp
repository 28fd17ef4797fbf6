#include "tlsidentity.h"

#include "records/privatefiles.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <QFile>
#include <QHostAddress>
#include <QSslCertificateExtension>

#include <algorithm>
#include <memory>

namespace Smtp {

namespace {

template<typename T, void (*Free)(T *)>
struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}

bool addExtension(X509 *cert, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData());
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

// A new ECDSA P-256 key: milliseconds to make, where RSA-2048 takes about a second.
PKey newKey()
{
    return PKey(EVP_EC_gen("P-256"));
}

// A self-signed leaf certificate valid for ten years; PEM certificate and key. It is not a CA
// (CA:FALSE, no keyCertSign), so a user who trusts it to quiet a client trusts this one server
// name and nothing it could sign.
bool createSelfSigned(const QString &hostname, QByteArray *certPem, QByteArray *keyPem)
{
    PKey key = newKey();
    Cert cert(X509_new());
    if (!key || !cert)
        return false;
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24 * 3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME *name = X509_get_subject_name(cert.get());
    const QByteArray cn = hostname.toUtf8();
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("Mailscope"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    QByteArray san = "DNS:localhost,IP:127.0.0.1,IP:::1";
    if (hostname != QLatin1String("localhost"))
        san = (QHostAddress(hostname).isNull() ? "DNS:" : "IP:") + cn + "," + san;
    if (!addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(cert.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(cert.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(cert.get(), NID_subject_key_identifier, "hash")
        || !addExtension(cert.get(), NID_subject_alt_name, san))
        return false;
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
        return false;
    Bio certBio(BIO_new(BIO_s_mem()));
    Bio keyBio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_X509(certBio.get(), cert.get()) != 1
        || PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return false;
    *certPem = bioBytes(certBio.get());
    *keyPem = bioBytes(keyBio.get());
    return true;
}

bool covers(const QSslCertificate &cert, const QString &hostname)
{
    const auto names = cert.subjectAlternativeNames();
    return names.values(QSsl::DnsEntry).contains(hostname) || names.values(QSsl::IpAddressEntry).contains(hostname);
}

// A certificate Mailscope made before it made leaves: a CA with an RSA key. It is replaced.
bool isOldCertificate(const QSslCertificate &cert, const QSslKey &key)
{
    if (key.algorithm() != QSsl::Ec)
        return true;
    const auto extensions = cert.extensions();
    return std::any_of(extensions.begin(), extensions.end(), [](const QSslCertificateExtension &e) {
        return e.oid() == QLatin1String("2.5.29.19") && e.value().toMap().value(QStringLiteral("ca")).toBool();
    });
}

} // namespace

std::optional<TlsIdentity> TlsIdentity::load(const QString &certificatePath, const QString &keyPath, QString *error)
{
    QFile certFile(certificatePath);
    QFile keyFile(keyPath);
    if (!certFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the certificate %1: %2").arg(certificatePath, certFile.errorString());
        return std::nullopt;
    }
    if (!keyFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the key %1: %2").arg(keyPath, keyFile.errorString());
        return std::nullopt;
    }
    const auto chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    const QByteArray keyData = keyFile.readAll();
    QSslKey key(keyData, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyData, QSsl::Ec, QSsl::Pem);
    if (chain.isEmpty()) {
        *error = QStringLiteral("%1 holds no PEM certificate").arg(certificatePath);
        return std::nullopt;
    }
    if (key.isNull()) {
        *error = QStringLiteral("%1 holds no unencrypted PEM RSA or EC private key").arg(keyPath);
        return std::nullopt;
    }
    return TlsIdentity{chain.first(), key, certificatePath, keyPath, false};
}

std::optional<TlsIdentity> TlsIdentity::loadOrCreate(const QString &folder, const QString &hostname, QString *error)
{
    const QString certPath = folder + QStringLiteral("/mailscope-cert.pem");
    const QString keyPath = folder + QStringLiteral("/mailscope-key.pem");
    if (QFile::exists(certPath) && QFile::exists(keyPath)) {
        QString ignored;
        if (auto existing = load(certPath, keyPath, &ignored);
            existing && covers(existing->certificate, hostname) && !isOldCertificate(existing->certificate, existing->key)) {
            existing->generated = true;
            return existing;
        }
    }
    QByteArray certPem, keyPem;
    if (!Records::PrivateFiles::makeFolder(folder) || !createSelfSigned(hostname, &certPem, &keyPem)
        || !Records::PrivateFiles::replaceFile(keyPath, keyPem) || !Records::PrivateFiles::replaceFile(certPath, certPem)) {
        *error = QStringLiteral("cannot create a self-signed certificate in %1").arg(folder);
        return std::nullopt;
    }
    auto created = load(certPath, keyPath, error);
    if (created)
        created->generated = true;
    return created;
}

} // namespace Smtp
