-- match_text: the normalized text FAQ matching compares (stored in faq_phrasings.match_text).
--
-- A repeatable definitions file (Shared/Postgres RepeatableScript): applied again whenever
-- it changes, before the numbered migrations, with check_function_bodies off. The one
-- definition of each function below; change it here, not in a numbered migration.

-- A change here changes what stored match_text values would be: a numbered migration must
-- then recompute them (UPDATE faq_phrasings SET phrasing = phrasing).
-- The filler words of 0001, plus Vietnamese (unmarked, as switchboard_vi_unmarked leaves
-- them: question words, pronouns, particles, politeness) and Chinese (question words,
-- pronouns and particles, removed from the text before it is cut into bigrams).
CREATE OR REPLACE FUNCTION switchboard_filler_words(language text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE language
        WHEN 'ru' THEN ARRAY[
            'дела', 'сдела', 'помог', 'помоч', 'подскаж', 'пожалуйст', 'можн', 'нужн', 'надо', 'хоч', 'добр',
            'здравств', 'привет', 'спасиб', 'вопрос', 'проблем', 'котор', 'почем', 'зачем']
        WHEN 'en' THEN ARRAY[
            'pleas', 'help', 'hello', 'hi', 'thank', 'thx', 'need', 'want', 'would', 'could', 'get', 'know',
            'anyon', 'someon', 'problem', 'issu', 'question', 'way']
        WHEN 'kk' THEN ARRAY[
            'қалай', 'қайда', 'қашан', 'неге', 'не', 'нені', 'кім', 'қандай', 'қанша', 'ма', 'ме', 'ба', 'бе',
            'па', 'пе', 'мен', 'сен', 'сіз', 'ол', 'біз', 'олар', 'маған', 'менің', 'мені', 'менде', 'сізге',
            'сіздің', 'оның', 'бұл', 'сол', 'осы', 'мына', 'және', 'да', 'де', 'та', 'те', 'ғой', 'ғана',
            'еді', 'екен', 'болады', 'бола', 'болса', 'болып', 'үшін', 'туралы', 'бар', 'керек', 'жоқ', 'өз',
            'ге', 'ға', 'қа', 'ке', 'ны', 'ні', 'ды', 'ді', 'ты', 'ті', 'на', 'ен', 'ың', 'ің', 'ым', 'ім',
            'дан', 'ден', 'тан', 'тен', 'нан', 'нен', 'ша', 'ше', 'пен', 'бен', 'рақмет', 'рахмет', 'сәлем',
            'сәлеметсіз', 'өтінемін', 'көмектесіңіз', 'істеу', 'істеуге']
        WHEN 'vi' THEN ARRAY[
            'lam', 'the', 'nao', 'de', 'toi', 'cua', 'bi', 'la', 'va', 'co', 'khong', 'duoc', 'gi', 'sao',
            'minh', 'ban', 'xin', 'chao', 'cam', 'on', 'giup', 'vui', 'long', 'hay', 'cho', 'voi', 'nhu',
            'phai', 'can', 'muon', 'thi', 'o', 'a', 'oi', 'nhe', 'nay', 'do', 'em', 'anh', 'chi', 'ai', 'cach',
            'roi', 'vay', 'ra', 'se', 'da', 'khi', 'mot', 'cac', 'nhung', 'nen', 've', 'hoi', 'rat', 'ma',
            'neu', 'thuong', 'hien', 'luon', 'van', 'cung', 'nua', 'tat', 'moi']
        WHEN 'zh' THEN ARRAY[
            '怎么办', '怎么样', '怎么', '如何', '请问', '为什么', '什么', '可以', '应该', '一下', '你好', '您好',
            '谢谢', '麻烦', '帮我', '我们', '我的', '你们', '能不能', '是不是', '有没有', '吗', '呢', '吧', '啊',
            '了', '的', '我', '请', '该', '想', '要']
        ELSE ARRAY[]::text[]
    END
$$;-- Traditional → simplified, for the characters of everyday and IT questions.
CREATE OR REPLACE FUNCTION switchboard_zh_simplified(input text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate(input,
        '記碼號帳戶腦電網絡連線無請問題麼麽設們這個時間開關機單發與對會說話應該為樣還沒歡謝幫點擊頁錄證驗雙認郵滿儲紙軟體裝載權檔'
        || '資夾螢鍵盤當斷遠辦訪釣魚詐騙鏈結報緊務臺聯繫係營業處進轉換讓給從來過後裡裏嗎見現實難壞錯誤顯圖預約議鎖閉屬於東買賣錢費購'
        || '備維護測試檢據庫統構級專員範圍區頭視頻聲響麥風攝筆傳輸雲復異況狀態導啟啓動經計劃畫團隊組織長門閱讀寫編輯刪舊補憑簽稱職條'
        || '準許審臨暫週節鐘樓層廳飯車輛運離慣戲麗歲義習書億優價兩內冊凍創劑勞勢協卻參變叢喬嚴囑園執堅壓夢奮婦孫寧寶將尋屆島師帶幣幹'
        || '廣張彈徑徵憶懷戰掃擇攜數晉極標樹歷殘氣決溫滅潛灣災熱爭獨獲產療盡碩確禮種穩簡糧紅純紐細終絲綠總績繼續羅聽膽臉華萬葉蓋藝術'
        || '衛衝製複襲規覺親觀訂訊託訴診註詢詳誌語調諮講識貨質賽贊趕較輕農達遲適選鄉醫針鋼鍊闆陸隨險隱雜雞須領顏類飛館驅髮鬥鳥麵黃齊'
        || '齒龍',
        '记码号账户脑电网络连线无请问题么么设们这个时间开关机单发与对会说话应该为样还没欢谢帮点击页录证验双认邮满储纸软体装载权档'
        || '资夹萤键盘当断远办访钓鱼诈骗链结报紧务台联系系营业处进转换让给从来过后里里吗见现实难坏错误显图预约议锁闭属于东买卖钱费购'
        || '备维护测试检据库统构级专员范围区头视频声响麦风摄笔传输云复异况状态导启启动经计划画团队组织长门阅读写编辑删旧补凭签称职条'
        || '准许审临暂周节钟楼层厅饭车辆运离惯戏丽岁义习书亿优价两内册冻创剂劳势协却参变丛乔严嘱园执坚压梦奋妇孙宁宝将寻届岛师带币干'
        || '广张弹径征忆怀战扫择携数晋极标树历残气决温灭潜湾灾热争独获产疗尽硕确礼种稳简粮红纯纽细终丝绿总绩继续罗听胆脸华万叶盖艺术'
        || '卫冲制复袭规觉亲观订讯托诉诊注询详志语调咨讲识货质赛赞赶较轻农达迟适选乡医针钢炼板陆随险隐杂鸡须领颜类飞馆驱发斗鸟面黄齐'
        || '齿龙')
$$;

-- Vietnamese letters without their marks (lower-case input, composed form).
CREATE OR REPLACE FUNCTION switchboard_vi_unmarked(input text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate(input, 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ', 'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd')
$$;

-- Chinese: the characters and bigrams of each Han run and the ASCII words, deduplicated
-- and sorted like the other languages' lexemes.
CREATE OR REPLACE FUNCTION switchboard_zh_match_text(input text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    folded text := switchboard_zh_simplified(lower(normalize(input, NFKC)));
    filler text;
    run text;
    grams text[] := ARRAY[]::text[];
BEGIN
    -- Longest first (the array is written so): "怎么办" goes before "怎么" can split it.
    FOREACH filler IN ARRAY switchboard_filler_words('zh') LOOP
        folded := replace(folded, filler, ' ');
    END LOOP;
    FOR run IN SELECT m[1] FROM regexp_matches(folded, '([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+)', 'g') AS m LOOP
        IF run ~ '^[a-z0-9]' THEN
            grams := grams || run;
        ELSE
            FOR i IN 1 .. char_length(run) LOOP
                grams := grams || substr(run, i, 1);
            END LOOP;
            FOR i IN 1 .. char_length(run) - 1 LOOP
                grams := grams || substr(run, i, 2);
            END LOOP;
        END IF;
    END LOOP;
    RETURN coalesce((SELECT string_agg(DISTINCT g, ' ' ORDER BY g) FROM unnest(grams) AS g), '');
END
$$;

-- 0002's function with the two new branches; en, ru, kk and the rest as before.
CREATE OR REPLACE FUNCTION switchboard_match_text(input text, language text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF language = 'zh' THEN
        RETURN switchboard_zh_match_text(input);
    END IF;
    IF language = 'vi' THEN
        input := regexp_replace(switchboard_vi_unmarked(lower(normalize(input, NFC))), '[\u0300-\u036f]', '', 'g');
    END IF;
    RETURN coalesce((
        SELECT string_agg(lexeme, ' ' ORDER BY lexeme)
        FROM unnest(tsvector_to_array(to_tsvector(
            CASE language
                WHEN 'ru' THEN 'pg_catalog.russian'::regconfig
                WHEN 'en' THEN 'pg_catalog.english'::regconfig
                ELSE 'pg_catalog.simple'::regconfig
            END, input))) AS lexeme
        WHERE lexeme <> ALL (switchboard_filler_words(language))), '');
END
$$;