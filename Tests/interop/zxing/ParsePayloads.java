import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.client.result.AddressBookParsedResult;
import com.google.zxing.client.result.EmailAddressParsedResult;
import com.google.zxing.client.result.GeoParsedResult;
import com.google.zxing.client.result.ParsedResult;
import com.google.zxing.client.result.ResultParser;
import com.google.zxing.client.result.SMSParsedResult;
import com.google.zxing.client.result.TelParsedResult;
import com.google.zxing.client.result.URIParsedResult;
import com.google.zxing.client.result.WifiParsedResult;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Decodes each PNG given with ZXing's Java reader, then reads the text the way ZXing's
 * client code (and the scanning apps built on it) does: one JSON object per line with
 * the decoded text, the result type and the fields a phone would show.
 */
public final class ParsePayloads {
    public static void main(String[] args) throws Exception {
        for (String path : args) {
            BufferedImage image = ImageIO.read(new File(path));
            int width = image.getWidth(), height = image.getHeight();
            int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
            BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
            Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
            hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
            Result result = new QRCodeReader().decode(bitmap, hints);
            ParsedResult parsed = ResultParser.parseResult(result);
            List<String> fields = new ArrayList<>();
            fields.add(pair("path", path));
            fields.add(pair("text", result.getText()));
            fields.add(pair("type", parsed.getType().name()));
            describe(parsed, fields);
            System.out.println("{" + String.join(",", fields) + "}");
        }
    }

    private static void describe(ParsedResult parsed, List<String> fields) {
        if (parsed instanceof EmailAddressParsedResult email) {
            fields.add(pair("tos", email.getTos()));
            fields.add(pair("ccs", email.getCCs()));
            fields.add(pair("bccs", email.getBCCs()));
            fields.add(pair("subject", email.getSubject()));
            fields.add(pair("body", email.getBody()));
        } else if (parsed instanceof TelParsedResult tel) {
            fields.add(pair("number", tel.getNumber()));
        } else if (parsed instanceof SMSParsedResult sms) {
            fields.add(pair("numbers", sms.getNumbers()));
            fields.add(pair("body", sms.getBody()));
        } else if (parsed instanceof AddressBookParsedResult card) {
            fields.add(pair("names", card.getNames()));
            fields.add(pair("phoneNumbers", card.getPhoneNumbers()));
            fields.add(pair("emails", card.getEmails()));
            fields.add(pair("org", card.getOrg()));
            fields.add(pair("urls", card.getURLs()));
            fields.add(pair("note", card.getNote()));
        } else if (parsed instanceof WifiParsedResult wifi) {
            fields.add(pair("ssid", wifi.getSsid()));
            fields.add(pair("password", wifi.getPassword()));
            fields.add(pair("encryption", wifi.getNetworkEncryption()));
            fields.add("\"hidden\":" + wifi.isHidden());
        } else if (parsed instanceof GeoParsedResult geo) {
            fields.add("\"latitude\":" + geo.getLatitude());
            fields.add("\"longitude\":" + geo.getLongitude());
        } else if (parsed instanceof URIParsedResult uri) {
            fields.add(pair("uri", uri.getURI()));
        }
    }

    private static String pair(String name, String value) {
        return quote(name) + ":" + (value == null ? "null" : quote(value));
    }

    private static String pair(String name, String[] values) {
        if (values == null) return quote(name) + ":null";
        List<String> quoted = new ArrayList<>();
        for (String value : values) quoted.add(value == null ? "null" : quote(value));
        return quote(name) + ":[" + String.join(",", quoted) + "]";
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }
}
